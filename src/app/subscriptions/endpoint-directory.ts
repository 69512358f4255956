import { HttpClient } from '@angular/common/http';
import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { Authenticator } from '../auth/authenticator';
import { APP_CONFIG } from '../config/app-config';
import { LiveEvents } from '../events/live-events';

export interface KnownEndpoint {
  readonly endpointId: string;
  readonly name: string | null;
}

/** How many recent events to look through for endpoints (a cheap, bounded scan). */
const RECENT_EVENTS_SCANNED = 500;
const SEEN_REFRESH_MS = 2000;

/**
 * The extensions this user can see, for the quick pick: the emulator's list when it serves,
 * the user's own extension from the token claims, and every endpoint seen in recent events.
 */
@Injectable({ providedIn: 'root' })
export class EndpointDirectory {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(Authenticator);
  private readonly live = inject(LiveEvents);
  private readonly emulatorUrl = inject(APP_CONFIG).emulatorUrl;
  private readonly listed = signal<readonly KnownEndpoint[]>([]);
  /** Endpoints seen in events are looked for at most this often, not every frame. */
  private readonly seenTick = signal(0);

  readonly endpoints = computed<readonly KnownEndpoint[]>(() => {
    const byId = new Map<string, KnownEndpoint>();
    for (const endpoint of this.listed()) byId.set(endpoint.endpointId, endpoint);
    const own = this.auth.claims()?.extension;
    if (own && !byId.has(own))
      byId.set(own, { endpointId: own, name: this.auth.claims()?.name ?? null });
    this.seenTick();
    for (const event of untracked(() => this.live.recent(RECENT_EVENTS_SCANNED))) {
      const id = event.endpointId;
      if (id && !byId.has(id)) byId.set(id, { endpointId: id, name: null });
    }
    return [...byId.values()].sort((a, b) => a.endpointId.localeCompare(b.endpointId));
  });

  constructor() {
    const timer = setInterval(() => this.seenTick.update((tick) => tick + 1), SEEN_REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
    effect(() => {
      if (this.auth.isSignedIn()) untracked(() => void this.loadListed());
      else this.listed.set([]);
    });
  }

  private async loadListed(): Promise<void> {
    const token = this.auth.accessToken();
    if (!this.emulatorUrl || !token) return;
    try {
      const body = await firstValueFrom(
        this.http.get<unknown>(`${this.emulatorUrl}/endpoints`, {
          headers: { Authorization: `Bearer ${token}` },
        }),
      );
      this.listed.set(readEndpoints(body));
    } catch {
      this.listed.set([]);
    }
  }
}

export function readEndpoints(body: unknown): KnownEndpoint[] {
  const items =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['items'] : null;
  if (!Array.isArray(items)) return [];
  return items.flatMap((item: unknown): KnownEndpoint[] => {
    if (typeof item !== 'object' || item === null) return [];
    const record = item as Record<string, unknown>;
    const id = record['endpointId'] ?? record['extension'];
    if (typeof id !== 'string' || id === '') return [];
    return [{ endpointId: id, name: typeof record['name'] === 'string' ? record['name'] : null }];
  });
}
