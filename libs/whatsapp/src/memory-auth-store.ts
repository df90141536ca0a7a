import type { AuthStateStore } from './port';

/** An AuthStateStore in memory: for tests and benchmarks that run the engine alone (no database). */
export function memoryAuthStore(): AuthStateStore {
  let creds: string | null = null;
  const keys = new Map<string, string>();
  return {
    readCreds: async () => creds,
    writeCreds: async (s) => {
      creds = s;
    },
    readKeys: async (type, ids) => new Map(ids.filter((id) => keys.has(`${type}/${id}`)).map((id) => [id, keys.get(`${type}/${id}`)!])),
    writeKeys: async (changes) => {
      for (const c of changes) {
        if (c.value === null) keys.delete(`${c.type}/${c.id}`);
        else keys.set(`${c.type}/${c.id}`, c.value);
      }
    },
  };
}
