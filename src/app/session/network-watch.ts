import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable, fromEvent, map, merge, filter, share } from 'rxjs';

/** A tab hidden or frozen longer than this is assumed to have slept: its socket may be dead. */
export const WAKE_GAP_MS = 90_000;
const HEARTBEAT_MS = 5_000;

export type NetworkChange = 'offline' | 'online' | 'woke';

/** The browser's word on connectivity and sleep; a Subject stands in for it in unit tests. */
export const NETWORK_CHANGES = new InjectionToken<Observable<NetworkChange>>('NETWORK_CHANGES', {
  providedIn: 'root',
  factory: () => inject(BrowserNetworkWatch).changes$,
});

/**
 * `offline`/`online` from the window, and `woke` when the page comes back (visible again, or
 * resumed from freezing) after a silence longer than WAKE_GAP_MS: a laptop that slept.
 */
@Injectable({ providedIn: 'root' })
export class BrowserNetworkWatch {
  private lastBeat = Date.now();

  readonly changes$: Observable<NetworkChange>;

  constructor() {
    setInterval(() => (this.lastBeat = Date.now()), HEARTBEAT_MS);
    const woke$ = merge(
      fromEvent(document, 'visibilitychange').pipe(filter(() => !document.hidden)),
      fromEvent(document, 'resume'),
    ).pipe(
      filter(() => {
        const silence = Date.now() - this.lastBeat;
        this.lastBeat = Date.now();
        return silence > WAKE_GAP_MS;
      }),
      map((): NetworkChange => 'woke'),
    );
    this.changes$ = merge(
      fromEvent(window, 'offline').pipe(map((): NetworkChange => 'offline')),
      fromEvent(window, 'online').pipe(map((): NetworkChange => 'online')),
      woke$,
    ).pipe(share());
  }
}
