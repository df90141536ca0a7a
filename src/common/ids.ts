import { monotonicFactory } from 'ulid';

/** ULIDs for every gateway resource: sortable by creation time, monotonic within a millisecond. */
export const newId: () => string = monotonicFactory();

const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export function isUlid(value: string): boolean {
  return ULID_RE.test(value);
}
