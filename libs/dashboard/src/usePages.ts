import { createElement, Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from './api';
import { useLoadOnView } from './useLoadOnView';

/** One page of a cursor-paged list, as the gateway answers it; `nextCursor` is "" on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string;
}

export interface PagesOptions<T> {
  /**
   * One page: the first without a cursor, the next one with the `nextCursor` of the last page
   * loaded. Keep it stable (useCallback): the first page is loaded when it changes.
   */
  fetchPage: (cursor?: string) => Promise<Page<T>>;
  /** What makes a row the same row on another page. */
  keyOf: (item: T) => string;
  /**
   * What `reload` (the first page again) does with rows of later pages already loaded:
   * - `replace` (default): they go; the list and the cursor are the first page's, as on the first load.
   * - `merge`: the first page's rows are the fresh ones and come first; rows of later pages stay
   *   after them (see `keepLater`), and so does the cursor while there is one and the first page has
   *   a next one.
   */
  reload?: 'replace' | 'merge';
  /** With `merge`: whether a row of a later page stays, given the fresh first page (all do by default). */
  keepLater?: (row: T, first: Page<T>) => boolean;
  /** With `merge`: the list's order after a reload (by default the first page's rows, then the others). */
  order?: (a: T, b: T) => number;
}

/**
 * A cursor-paged list: the first page is loaded at once (and again by `reload`), the next ones by
 * `loadMore`, appending the rows not already there. `moreRef` on a "Load more" button loads the
 * next page when the button scrolls into view (not while a load is under way or has just failed:
 * then the button is there to try again). `setItems` changes the list from outside (live events);
 * `latest.current` is the list as of the last change, readable at once by event handlers.
 */
export function usePages<T>(options: PagesOptions<T>) {
  const { fetchPage } = options;
  const opts = useRef(options);
  opts.current = options;
  const [items, setState] = useState<T[] | null>(null);
  const latest = useRef<T[] | null>(null);
  const [cursor, setCursor] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [loadingFirst, setLoadingFirst] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const busyMore = useRef(false);

  const setItems = useCallback((fn: (list: T[] | null) => T[] | null) => {
    latest.current = fn(latest.current);
    setState(latest.current);
  }, []);

  /** The first page (again); true when it loaded. */
  const reload = useCallback(async (): Promise<boolean> => {
    setLoadingFirst(true);
    try {
      const page = await fetchPage();
      const { keyOf, reload: mode, keepLater, order } = opts.current;
      if (mode === 'merge') {
        const fresh = new Set(page.items.map(keyOf));
        setItems((list) => {
          const merged = [...page.items, ...(list ?? []).filter((x) => !fresh.has(keyOf(x)) && (keepLater?.(x, page) ?? true))];
          return order ? merged.sort(order) : merged;
        });
        setCursor((c) => (c && page.nextCursor ? c : page.nextCursor));
      } else {
        setItems(() => page.items);
        setCursor(page.nextCursor);
      }
      setError(null);
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    } finally {
      setLoadingFirst(false);
    }
  }, [fetchPage, setItems]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const loadMore = useCallback(async () => {
    if (busyMore.current) return;
    busyMore.current = true;
    setLoadingMore(true);
    try {
      const page = await fetchPage(cursor);
      const { keyOf } = opts.current;
      setItems((list) => {
        const have = new Set((list ?? []).map(keyOf));
        return [...(list ?? []), ...page.items.filter((x) => !have.has(keyOf(x)))];
      });
      setCursor(page.nextCursor);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      busyMore.current = false;
      setLoadingMore(false);
    }
  }, [fetchPage, cursor, setItems]);

  const moreRef = useLoadOnView<HTMLButtonElement>(() => void loadMore(), Boolean(cursor) && !loadingFirst && !loadingMore && !error);

  return { items, setItems, latest, cursor, error, loadingFirst, loadingMore, reload, loadMore, moreRef };
}

export type Pages<T> = ReturnType<typeof usePages<T>>;

/**
 * Above a paged list: the problem of the last load with "Try again" (the first page again unless
 * `retry` says otherwise), or "Loading …" until the first page is there. `what` names the rows.
 */
export function PagesStatus({ pages, what, retry }: { pages: Pick<Pages<unknown>, 'items' | 'error' | 'reload'>; what: string; retry?: () => void }) {
  const { items, error, reload } = pages;
  return createElement(
    Fragment,
    null,
    error &&
      createElement(
        'div',
        { className: 'error', role: 'alert' },
        createElement('p', null, `The ${what} could not be loaded. `, error),
        createElement('button', { type: 'button', className: 'button secondary', onClick: retry ?? (() => void reload()) }, 'Try again'),
      ),
    items === null && !error && createElement('p', { className: 'muted', role: 'status' }, `Loading ${what}…`),
  );
}

/** Below a paged list: the button that loads the next page, when clicked or scrolled into view. */
export function LoadMore({ pages, label, disabled }: { pages: Pick<Pages<unknown>, 'moreRef' | 'loadMore' | 'loadingMore'>; label: string; disabled?: boolean }) {
  const { moreRef, loadMore, loadingMore } = pages;
  return createElement(
    'button',
    { ref: moreRef, type: 'button', className: 'button secondary load-more', onClick: () => void loadMore(), disabled: disabled ?? loadingMore },
    loadingMore ? 'Loading…' : label,
  );
}
