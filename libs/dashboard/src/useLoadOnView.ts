import { useCallback, useRef } from 'react';

/**
 * Calls `load` when the element given the returned ref (a "Load more" button at the end of a list)
 * scrolls into view, so pages load as the reader scrolls; the button stays for keyboard and screen
 * reader users. While `enabled` is false nothing is watched; when it turns true again (a page has
 * loaded) and the element is still in view, `load` is called again.
 */
export function useLoadOnView<T extends Element>(load: () => void, enabled: boolean) {
  const latest = useRef(load);
  latest.current = load;
  // A callback ref: the element is watched from when it is mounted, however late that is.
  return useCallback(
    (el: T | null) => {
      if (!el || !enabled || typeof IntersectionObserver === 'undefined') return;
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) latest.current();
      });
      observer.observe(el);
      return () => observer.disconnect();
    },
    [enabled],
  );
}
