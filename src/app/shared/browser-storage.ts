import { InjectionToken } from '@angular/core';

/** The subset of Web Storage the app uses; a Map-backed fake stands in for it in tests. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Local storage: survives the tab. Holds only non-secret things (the application id). */
export const LOCAL_STORAGE = new InjectionToken<KeyValueStorage>('LOCAL_STORAGE', {
  providedIn: 'root',
  factory: () => storageOrMemory(() => window.localStorage),
});

/** Session storage: one tab's lifetime (survives reloads of that tab). */
export const SESSION_STORAGE = new InjectionToken<KeyValueStorage>('SESSION_STORAGE', {
  providedIn: 'root',
  factory: () => storageOrMemory(() => window.sessionStorage),
});

/** Storage can be disabled or throw (privacy modes); the app then keeps values in memory. */
export function storageOrMemory(get: () => Storage): KeyValueStorage {
  try {
    const storage = get();
    const probe = '__switchboard_probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return new MemoryStorage();
  }
}

export class MemoryStorage implements KeyValueStorage {
  private readonly values = new Map<string, string>();
  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }
  removeItem(key: string): void {
    this.values.delete(key);
  }
}
