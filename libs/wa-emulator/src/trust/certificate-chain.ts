import { Curve, WA_CERT_DETAILS, proto } from '@whiskeysockets/baileys';
import type { KeyPair } from '../types';

const INTERMEDIATE_SERIAL = 7;
const LEAF_SERIAL = 9;

/**
 * Builds the Noise certificate chain Baileys verifies during the handshake:
 * root (emulator's own) -> intermediate -> leaf (the server's static key).
 * Signed for real, so the chain is valid under the emulator root and under nothing else.
 */
export function buildCertChain(root: KeyPair, serverStatic: KeyPair): Uint8Array {
  const intermediateKey = Curve.generateKeyPair();
  const now = Math.floor(Date.now() / 1000);
  const notAfter = now + 10 * 365 * 24 * 3600;
  const intermediateDetails = proto.CertChain.NoiseCertificate.Details.encode({
    serial: INTERMEDIATE_SERIAL,
    // Baileys compares this to WA_CERT_DETAILS.SERIAL, which the trust hook leaves at its default.
    issuerSerial: WA_CERT_DETAILS.SERIAL,
    key: intermediateKey.public,
    notBefore: now - 60,
    notAfter,
  }).finish();
  const leafDetails = proto.CertChain.NoiseCertificate.Details.encode({
    serial: LEAF_SERIAL,
    issuerSerial: INTERMEDIATE_SERIAL,
    key: serverStatic.public,
    notBefore: now - 60,
    notAfter,
  }).finish();
  return proto.CertChain.encode({
    intermediate: { details: intermediateDetails, signature: Curve.sign(root.private, intermediateDetails) },
    leaf: { details: leafDetails, signature: Curve.sign(intermediateKey.private, leafDetails) },
  }).finish();
}
