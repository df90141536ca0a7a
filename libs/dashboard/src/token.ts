/**
 * The key (or JWT) lives in sessionStorage: this tab only, gone when the tab closes or on sign-out,
 * never in the URL, never in localStorage or a cookie.
 */
const STORAGE_KEY = 'wgw.dashboard.token';

export function loadToken(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Storage refused (private mode quotas): the key then lasts as long as the page.
  }
}

export function clearToken(): void {
  try {
    window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}
