import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface MediaTls {
  /** PEM of the emulator's own certificate authority: the only thing a client must trust. */
  caPem: string;
  caKeyPem: string;
  /** Server certificate for localhost / 127.0.0.1, signed by the CA. */
  certPem: string;
  keyPem: string;
}

function rsaKeys(): { pub: forge.pki.PublicKey; priv: forge.pki.PrivateKey; privPem: string } {
  // Node's native RSA generation: node-forge's pure-JS one takes seconds.
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { pub: forge.pki.publicKeyFromPem(publicKey), priv: forge.pki.privateKeyFromPem(privateKey), privPem: privateKey };
}

function serial(): string {
  const b = randomBytes(12);
  b[0] &= 0x7f; // positive integer
  return b.toString('hex');
}

/** Creates a fresh CA and a loopback server certificate it signs. */
export function createMediaTls(existingCa?: { caPem: string; caKeyPem: string }): MediaTls {
  let caCert: forge.pki.Certificate;
  let caPriv: forge.pki.PrivateKey;
  let caKeyPem: string;
  if (existingCa) {
    caCert = forge.pki.certificateFromPem(existingCa.caPem);
    caPriv = forge.pki.privateKeyFromPem(existingCa.caKeyPem);
    caKeyPem = existingCa.caKeyPem;
  } else {
    const ca = rsaKeys();
    caPriv = ca.priv;
    caKeyPem = ca.privPem;
    caCert = forge.pki.createCertificate();
    caCert.publicKey = ca.pub;
    caCert.serialNumber = serial();
    caCert.validity.notBefore = new Date(Date.now() - 3600_000);
    caCert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600_000);
    const caName = [{ name: 'commonName', value: 'WA Emulator Media CA (test only)' }];
    caCert.setSubject(caName);
    caCert.setIssuer(caName);
    caCert.setExtensions([
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ]);
    caCert.sign(caPriv as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  }
  const leaf = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = leaf.pub;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
  ]);
  cert.sign(caPriv as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return {
    caPem: forge.pki.certificateToPem(caCert),
    caKeyPem,
    certPem: forge.pki.certificateToPem(cert),
    keyPem: leaf.privPem,
  };
}
