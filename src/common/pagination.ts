import { createHmac, timingSafeEqual } from 'node:crypto';
import { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ValidationError } from './errors';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** Query parameters every list endpoint accepts. */
export class ListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor: the `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string;
}

/**
 * The documented page envelope of a list: `{ items, nextCursor }`, one class per item type (the
 * OpenAPI document needs a named schema per list), all described the same way.
 */
export function PageDto<T>(item: ClassType<T>, name: string): ClassType<Page<T>> {
  class PageOf implements Page<T> {
    @ApiProperty({ type: item, isArray: true })
    items: T[];

    @ApiProperty({ example: '', description: 'Pass as `cursor` for the next page; "" on the last page.' })
    nextCursor: string;
  }
  Object.defineProperty(PageOf, 'name', { value: name });
  return PageOf;
}

/** A keyset position: the sort-key values of the last row of a page. */
export type CursorPosition = (string | number)[];

/**
 * Opaque, tamper-evident cursors: base64url(JSON [scope, position]) + "." + HMAC.
 * The scope binds a cursor to one list (e.g. one organization's sessions), so a cursor from
 * another list or organization is rejected like a forged one.
 */
export class CursorCodec {
  constructor(private readonly secret: string) {}

  encode(scope: string, position: CursorPosition): string {
    const body = Buffer.from(JSON.stringify([scope, position])).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  decode(scope: string, cursor: string): CursorPosition {
    const invalid = () => new ValidationError('cursor is invalid', { cursor: ['not a cursor issued for this list'] });
    const [body, mac, extra] = cursor.split('.');
    if (!body || !mac || extra !== undefined) throw invalid();
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    if (!Array.isArray(parsed) || parsed[0] !== scope || !Array.isArray(parsed[1])) throw invalid();
    return parsed[1] as CursorPosition;
  }

  /**
   * One page of a keyset-paginated list: the cursor (valid for `scope` only) decoded into the
   * position to continue after, `fetch` asked for the rows after it (it returns up to `limit + 1`:
   * the extra row only tells that there is more), and the next cursor from the last row returned.
   */
  async page<Row, Item = Row>(
    query: { scope: string; limit?: number; cursor?: string },
    fetch: (after: CursorPosition | undefined, limit: number) => Promise<Row[]>,
    positionOf: (row: Row) => CursorPosition,
    map: (row: Row) => Item = (row) => row as unknown as Item,
  ): Promise<Page<Item>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = query.cursor ? this.decode(query.scope, query.cursor) : undefined;
    const rows = await fetch(after, limit);
    return toPage(rows, limit, positionOf, (p) => this.encode(query.scope, p), map);
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, 32);
  }
}

/**
 * Builds a page from rows fetched with `limit + 1`: the extra row only says whether there is a
 * next page; the cursor is the position of the last row returned.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  positionOf: (row: Row) => CursorPosition,
  encode: (position: CursorPosition) => string,
  map: (row: Row) => Item,
): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: hasMore ? encode(positionOf(pageRows[pageRows.length - 1])) : '',
  };
}
