import { Injectable, inject } from '@angular/core';
import { LOCAL_STORAGE } from '../shared/browser-storage';

const APPLICATION_ID_KEY = 'switchboard.applicationId';

/**
 * Who this tab is to CloudLink.
 * - `applicationId`: a GUID made once per browser and kept (CloudLink wants one per app).
 * - `clientId`: the MQTT client id, and so every subscription's `deviceId`. Unique per tab,
 *   since the broker drops the older of two sessions with one id ("tabs kicking each other").
 *   MQTT 3.1.1 brokers must accept ids of 1-23 characters; this one is 23.
 * - `sessionId`: the X-Mitel-App session, one per page load.
 */
@Injectable({ providedIn: 'root' })
export class TabIdentity {
  private readonly storage = inject(LOCAL_STORAGE);

  readonly applicationId = this.loadApplicationId();
  readonly clientId = `sb-${randomHex(20)}`;
  readonly sessionId = crypto.randomUUID();

  private loadApplicationId(): string {
    const stored = this.storage.getItem(APPLICATION_ID_KEY);
    if (stored && /^[0-9a-f-]{36}$/i.test(stored)) return stored;
    const created = crypto.randomUUID();
    this.storage.setItem(APPLICATION_ID_KEY, created);
    return created;
  }
}

export function randomHex(length: number): string {
  const bytes = new Uint8Array(Math.ceil(length / 2));
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, length);
}
