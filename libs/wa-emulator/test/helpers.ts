import { connectBaileys, makeMemoryAuthState, waitOpen, type TestClient, type WaEmulator, type Account } from '../src';

/** A Baileys client already linked to `account` (skips the QR round trip) and logged in. */
export async function linkedClient(emulator: WaEmulator, account: Account): Promise<TestClient> {
  const auth = makeMemoryAuthState();
  emulator.phone(account).linkCreds(auth.creds);
  const client = connectBaileys(emulator, auth);
  await waitOpen(client);
  return client;
}
