import { DestroyRef, Signal, inject, signal } from '@angular/core';

/**
 * A signal that reads `read()` every `intervalMs` and changes only when the value does:
 * views that scan the store follow new events at that pace, and do nothing while idle.
 * Call in an injection context; the timer stops with it.
 */
export function sampledSignal<T>(read: () => T, intervalMs: number): Signal<T> {
  const value = signal(read());
  const timer = setInterval(() => value.set(read()), intervalMs);
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
  return value.asReadonly();
}
