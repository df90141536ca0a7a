/*
 * In-page helpers for bench/dashboard.mts. This file is never imported: the benchmark reads it as
 * text and evaluates it in the page (page.evaluate over the DevTools protocol, which the
 * dashboard's Content-Security-Policy does not block), so it stays plain browser JavaScript,
 * untouched by tsx. It defines `window.__bench`; evaluating it twice is harmless.
 *
 * Selectors are deliberately loose: the message log is `[role="log"]` and a message is `li.msg`,
 * whether the list renders every message or only the visible ones (a virtualized list, whose
 * scrolling element may be the log itself or an element inside it).
 */
(() => {
  if (window.__bench) return;

  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

  const scrollable = (el) => {
    if (!(el instanceof HTMLElement)) return false;
    const overflow = getComputedStyle(el).overflowY;
    return (overflow === 'auto' || overflow === 'scroll' || overflow === 'overlay') && el.scrollHeight > el.clientHeight + 1;
  };

  /** The element that scrolls the messages: the log, else a scrolling element inside or around it. */
  function scroller() {
    const log = document.querySelector('[role="log"]');
    if (!log) return null;
    if (scrollable(log)) return log;
    for (const el of log.querySelectorAll('*')) if (scrollable(el)) return el;
    for (let el = log.parentElement; el && el !== document.body; el = el.parentElement) if (scrollable(el)) return el;
    return log;
  }

  function state() {
    const el = scroller();
    const older = [...document.querySelectorAll('button')].find((b) => /older/i.test(b.textContent ?? ''));
    return {
      hasLog: !!el,
      scrollTop: el ? el.scrollTop : 0,
      scrollHeight: el ? el.scrollHeight : 0,
      clientHeight: el ? el.clientHeight : 0,
      clientWidth: el ? el.clientWidth : 0,
      domMessages: document.querySelectorAll('[role="log"] li.msg').length,
      olderButton: older ? { text: older.textContent.trim(), disabled: older.disabled } : null,
    };
  }

  /** Scrolls up by `step` px per animation frame until the top (content loading above may push it down meanwhile). */
  async function scrollUpToTop(step, maxSteps = 20000) {
    let steps = 0;
    for (; steps < maxSteps; steps++) {
      const el = scroller();
      if (!el || el.scrollTop <= 0) break;
      el.scrollTop = Math.max(0, el.scrollTop - step);
      await frame();
    }
    return steps;
  }

  async function scrollToBottom() {
    const el = scroller();
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    await frame();
    await frame();
  }

  /** Resolves once the scrolling element's height has stayed the same for `frames` frames in a row. */
  async function settle(frames = 10, timeoutMs = 30000) {
    const deadline = performance.now() + timeoutMs;
    let last = -1;
    let same = 0;
    while (same < frames) {
      if (performance.now() > deadline) return false;
      await frame();
      const h = scroller()?.scrollHeight ?? 0;
      same = h === last ? same + 1 : 0;
      last = h;
    }
    return true;
  }

  /**
   * One pass over the whole list, top to bottom: `steps` scroll positions, one per animation frame,
   * evenly spread over the scroll range (read again each frame: a virtualized list may re-estimate
   * its height while measuring). Frame duration = time between successive animation frames.
   */
  async function scrollPass(steps) {
    const el = scroller();
    if (!el) throw new Error('no message log');
    el.scrollTop = 0;
    await frame();
    await frame();
    const frames = [];
    let last = await frame();
    for (let i = 1; i <= steps; i++) {
      const range = el.scrollHeight - el.clientHeight;
      el.scrollTop = Math.round((range * i) / steps);
      const now = await frame();
      frames.push(now - last);
      last = now;
    }
    // Let the last position render, then see where it ended.
    await frame();
    return { frames, scrollTop: el.scrollTop, scrollHeight: el.scrollHeight, clientHeight: el.clientHeight, domMessages: document.querySelectorAll('[role="log"] li.msg').length };
  }

  /**
   * Reading back through the history: from `startFraction` of the scroll range, `frames` animation
   * frames scrolling up by `px` each (a steady wheel or trackpad scroll), frame durations as above.
   */
  async function steadyPass(frames, px, startFraction) {
    const el = scroller();
    if (!el) throw new Error('no message log');
    el.scrollTop = Math.round((el.scrollHeight - el.clientHeight) * startFraction);
    for (let i = 0; i < 10; i++) await frame();
    const durations = [];
    const from = el.scrollTop;
    let last = await frame();
    for (let i = 0; i < frames; i++) {
      el.scrollTop = Math.max(0, el.scrollTop - px);
      const now = await frame();
      durations.push(now - last);
      last = now;
    }
    await frame();
    return { frames: durations, scrolledPx: from - el.scrollTop, scrollHeight: el.scrollHeight, domMessages: document.querySelectorAll('[role="log"] li.msg').length };
  }

  /** Whether the message with this id (or, lacking the attribute, this text) is in the log's DOM now. */
  function shows(id, text) {
    const items = document.querySelectorAll('[role="log"] li.msg');
    for (const li of items) if (li.getAttribute('data-message-id') === id || (li.textContent ?? '').includes(text)) return true;
    return false;
  }

  /** Scrolls to the top (`end` false) or the bottom, and tells whether that message is then shown. */
  async function showsAtEnd(end, id, text) {
    const el = scroller();
    if (!el) return false;
    for (let i = 0; i < 60; i++) {
      el.scrollTop = end ? el.scrollHeight : 0;
      await frame();
      if (shows(id, text)) return true;
    }
    return false;
  }

  window.__bench = { shows, showsAtEnd, frame, scroller, state, scrollUpToTop, scrollToBottom, settle, scrollPass, steadyPass };
})();
