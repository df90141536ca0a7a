import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

/** Every variable the configuration reads is documented in .env.example. */
describe('.env.example', () => {
  it('lists every environment variable read by src/config', () => {
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const files = readdirSync(join(root, 'src', 'config')).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    const read = new Set<string>();
    for (const f of files) {
      const path = join(root, 'src', 'config', f);
      if (!statSync(path).isFile()) continue;
      for (const m of readFileSync(path, 'utf8').matchAll(/\b(?:int|string|oneOf|url|list|secret|raw|bool|duration)\('([A-Z][A-Z0-9_]+)'/g)) read.add(m[1]);
    }
    expect(read.size).toBeGreaterThan(5);
    expect([...read].filter((v) => !documented.has(v))).toEqual([]);
  });
});
