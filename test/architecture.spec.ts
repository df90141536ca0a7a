import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The seams of the code base, checked on every run (docs/architecture.md explains them):
 * features reach sessions through one door, only the adapter knows Baileys, and SQL lives in
 * repositories.
 */
const ROOT = join(__dirname, '..');
const files = (dir: string): string[] =>
  readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return files(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path.split(sep).join('/')] : [];
  });
const source = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const imports = (path: string) => [...source(path).matchAll(/from '([^']+)'/g)].map((m) => m[1]);
const SRC = files('src');

describe('architecture', () => {
  it('features import nothing of sessions but its door (src/sessions/index.ts)', () => {
    // The entity list and the migrations name every table's entity; they are no feature.
    const features = SRC.filter((f) => !f.startsWith('src/sessions/') && f !== 'src/database/entities.ts' && !f.startsWith('src/database/migrations/'));
    const offending = features.flatMap((f) => imports(f).filter((i) => /(^|\/)sessions\/./.test(i)).map((i) => `${f} imports ${i}`));
    expect(offending).toEqual([]);
  });

  it('only the adapter (libs/whatsapp/src/baileys) imports Baileys; the app wires it in two modules', () => {
    const wiring = new Set(['src/sessions/sessions.module.ts', 'src/messages/messages.module.ts']);
    const offending = [...SRC, ...files('libs/whatsapp/src')]
      .filter((f) => !f.startsWith('libs/whatsapp/src/baileys/'))
      .flatMap((f) => imports(f).filter((i) => i.startsWith('@whiskeysockets/baileys') || (i === '@app/whatsapp/baileys' && !wiring.has(f))).map((i) => `${f} imports ${i}`));
    expect(offending).toEqual([]);
  });

  it('SQL only in repositories (and the stores that are one by role)', () => {
    // Stores by role: the outbox, the idempotency keys, the Signal key store and its batcher, the
    // session leases and the LISTEN/NOTIFY connections are the persistence of their own feature.
    const stores = new Set([
      'src/events/outbox.service.ts',
      'src/common/idempotency/idempotency.service.ts',
      'src/sessions/runtime/pg-auth-store.ts',
      'src/sessions/runtime/key-write-batcher.ts',
      'src/sessions/runtime/session-leases.ts',
      'src/events/events.notifier.ts',
      'src/events/webhook-secrets.ts',
    ]);
    const offending = SRC.filter((f) => !f.endsWith('.repository.ts') && !f.startsWith('src/database/') && !stores.has(f)).filter((f) =>
      /\.query\(|createQueryBuilder\(|getRepository\(/.test(source(f)),
    );
    expect(offending).toEqual([]);
  });
});
