import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { CursorCodec, toPage } from './pagination';

describe('CursorCodec', () => {
  const codec = new CursorCodec('a-secret-that-is-long-enough-for-tests');

  it('round-trips a position within its scope', () => {
    const c = codec.encode('sessions:org1', ['2026-01-01T00:00:00.000Z', '01HX']);
    expect(codec.decode('sessions:org1', c)).toEqual(['2026-01-01T00:00:00.000Z', '01HX']);
  });

  it('rejects a cursor of another scope (another list or organization)', () => {
    const c = codec.encode('sessions:org1', ['x']);
    expect(() => codec.decode('sessions:org2', c)).toThrow(ValidationError);
  });

  it('rejects a tampered body, a tampered signature, garbage and another secret', () => {
    const c = codec.encode('s', [1]);
    const [body, mac] = c.split('.');
    const forgedBody = Buffer.from(JSON.stringify(['s', [2]])).toString('base64url');
    expect(() => codec.decode('s', `${forgedBody}.${mac}`)).toThrow(ValidationError);
    expect(() => codec.decode('s', `${body}.${mac.slice(0, -1)}A`)).toThrow(ValidationError);
    expect(() => codec.decode('s', 'abc')).toThrow(ValidationError);
    expect(() => new CursorCodec('another-secret-that-is-long-enough').decode('s', c)).toThrow(ValidationError);
  });
});

describe('toPage', () => {
  const rows = [{ id: 5 }, { id: 4 }, { id: 3 }];
  it('uses the extra row to decide the next cursor', () => {
    const page = toPage(rows, 2, (r) => [r.id], (p) => `after:${p[0]}`, (r) => r.id);
    expect(page).toEqual({ items: [5, 4], nextCursor: 'after:4' });
  });
  it('gives an empty nextCursor on the last page', () => {
    const page = toPage(rows, 3, (r) => [r.id], (p) => `after:${p[0]}`, (r) => r.id);
    expect(page).toEqual({ items: [5, 4, 3], nextCursor: '' });
  });
});
