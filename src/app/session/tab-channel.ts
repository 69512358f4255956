import { InjectionToken } from '@angular/core';

/** What tabs of this app say to each other about client ids. */
export type TabMessage =
  | { readonly type: 'claim'; readonly clientId: string; readonly from: string }
  | { readonly type: 'taken'; readonly clientId: string; readonly to: string }
  | { readonly type: 'roll-call'; readonly from: string }
  | { readonly type: 'present'; readonly clientId: string; readonly to: string };

/** The slice of BroadcastChannel the app uses; a fake links "tabs" in unit tests. */
export interface TabChannel {
  postMessage(message: TabMessage): void;
  onmessage: ((event: MessageEvent<TabMessage>) => void) | null;
}

export const TAB_CHANNEL = new InjectionToken<TabChannel | null>('TAB_CHANNEL', {
  providedIn: 'root',
  factory: () =>
    typeof BroadcastChannel === 'function'
      ? (new BroadcastChannel('switchboard-tabs') as unknown as TabChannel)
      : null,
});
