import { Injectable, inject } from '@angular/core';
import { LOCAL_STORAGE, SESSION_STORAGE } from '../shared/browser-storage';
import { TAB_CHANNEL, TabMessage } from './tab-channel';

const APPLICATION_ID_KEY = 'switchboard.applicationId';
const CLIENT_ID_KEY = 'switchboard.clientId';
/** Device ids (client ids) this browser created subscriptions for: orphan candidates. */
const CREATED_DEVICES_KEY = 'switchboard.createdDeviceIds';
const MAX_REMEMBERED_DEVICES = 50;
/** How long to wait for other tabs to answer; they answer at once when they exist. */
export const TAB_ANSWER_MS = 150;

/**
 * Who this tab is to CloudLink.
 * - `applicationId`: a GUID made once per browser and kept (CloudLink wants one per app).
 * - `clientId`: the MQTT client id, and so every subscription's `deviceId`. Stable for the
 *   tab's session (a reload keeps it, so the broker can resume the session and redeliver
 *   what was queued), unique across tabs (the broker drops the older of two sessions with
 *   one id). A duplicated tab inherits sessionStorage: it asks the other tabs first and takes
 *   a new id when its inherited one is in use. 23 characters: MQTT 3.1.1's guaranteed size.
 * - `sessionId`: the X-Mitel-App session, one per page load.
 */
@Injectable({ providedIn: 'root' })
export class TabIdentity {
  private readonly local = inject(LOCAL_STORAGE);
  private readonly session = inject(SESSION_STORAGE);
  private readonly channel = inject(TAB_CHANNEL);
  private current = this.session.getItem(CLIENT_ID_KEY) ?? newClientId();
  private readonly waiters = new Map<string, (message: TabMessage) => void>();

  readonly applicationId = this.loadApplicationId();
  readonly sessionId = crypto.randomUUID();

  constructor() {
    if (this.channel) this.channel.onmessage = (event) => this.answer(event.data);
  }

  get clientId(): string {
    return this.current;
  }

  /** Makes sure no other open tab uses this tab's client id; call once before connecting. */
  async settle(): Promise<void> {
    if (await this.isInUseElsewhere(this.current)) this.current = newClientId();
    this.session.setItem(CLIENT_ID_KEY, this.current);
  }

  /** The client ids of every other open tab of this app in this browser. */
  async otherTabClientIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    await this.ask({ type: 'roll-call', from: this.sessionId }, (message) => {
      if (message.type === 'present') ids.add(message.clientId);
      return false;
    });
    return ids;
  }

  rememberCreatedDevice(deviceId: string): void {
    const devices = this.createdDevices().filter((id) => id !== deviceId);
    devices.push(deviceId);
    this.local.setItem(CREATED_DEVICES_KEY, JSON.stringify(devices.slice(-MAX_REMEMBERED_DEVICES)));
  }

  /** Device ids this browser has created subscriptions for (any tab, any session). */
  createdDevices(): string[] {
    try {
      const value: unknown = JSON.parse(this.local.getItem(CREATED_DEVICES_KEY) ?? '[]');
      return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  }

  forgetCreatedDevices(deviceIds: readonly string[]): void {
    const gone = new Set(deviceIds);
    const devices = this.createdDevices().filter((id) => !gone.has(id));
    this.local.setItem(CREATED_DEVICES_KEY, JSON.stringify(devices));
  }

  private isInUseElsewhere(clientId: string): Promise<boolean> {
    let isTaken = false;
    return this.ask({ type: 'claim', clientId, from: this.sessionId }, (message) => {
      isTaken ||= message.type === 'taken' && message.clientId === clientId;
      return isTaken;
    }).then(() => isTaken);
  }

  /** Posts a question and collects answers addressed to this tab until `done` or timeout. */
  private ask(question: TabMessage, onAnswer: (message: TabMessage) => boolean): Promise<void> {
    const channel = this.channel;
    if (!channel) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(question.type);
        resolve();
      };
      const timer = setTimeout(finish, TAB_ANSWER_MS);
      this.waiters.set(question.type, (message) => {
        if (onAnswer(message)) finish();
      });
      channel.postMessage(question);
    });
  }

  private answer(message: TabMessage): void {
    switch (message.type) {
      case 'claim':
        if (message.clientId === this.current) {
          this.channel?.postMessage({ type: 'taken', clientId: this.current, to: message.from });
        }
        break;
      case 'roll-call':
        this.channel?.postMessage({ type: 'present', clientId: this.current, to: message.from });
        break;
      case 'taken':
        if (message.to === this.sessionId) this.waiters.get('claim')?.(message);
        break;
      case 'present':
        if (message.to === this.sessionId) this.waiters.get('roll-call')?.(message);
        break;
    }
  }

  private loadApplicationId(): string {
    const stored = this.local.getItem(APPLICATION_ID_KEY);
    if (stored && /^[0-9a-f-]{36}$/i.test(stored)) return stored;
    const created = crypto.randomUUID();
    this.local.setItem(APPLICATION_ID_KEY, created);
    return created;
  }
}

function newClientId(): string {
  return `sb-${randomHex(20)}`;
}

export function randomHex(length: number): string {
  const bytes = new Uint8Array(Math.ceil(length / 2));
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, length);
}
