import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { Agent, setGlobalDispatcher } from 'undici';

/**
 * Baileys rc14 moves media two ways: uploads go through node:https (with config.fetchAgent or the
 * global agent), downloads through the global fetch (undici). TEST ONLY: this makes both accept
 * the emulator's media CA in the current process, on top of the public roots.
 * A separate process can instead be started with NODE_EXTRA_CA_CERTS=<file with the CA PEM>,
 * which Node applies to both node:https and fetch.
 */
export function trustMediaCa(caPem: string): void {
  const ca = [...rootCertificates, caPem];
  https.globalAgent.options.ca = ca;
  // npm undici and Node's bundled fetch share the global dispatcher slot (Symbol.for('undici.globalDispatcher.1')).
  setGlobalDispatcher(new Agent({ connect: { ca } }));
}

/** An https.Agent trusting the media CA, for Baileys' `fetchAgent` option (uploads) without global changes. */
export function mediaHttpsAgent(caPem: string): https.Agent {
  return new https.Agent({ ca: [...rootCertificates, caPem], keepAlive: true });
}

/** An undici dispatcher trusting the media CA, for `downloadMediaMessage(..., { options: { dispatcher } })`. */
export function mediaDispatcher(caPem: string): Agent {
  return new Agent({ connect: { ca: [...rootCertificates, caPem] } });
}
