import { HttpClient } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { APP_CONFIG } from '../config/app-config';

export interface DemoUser {
  readonly username: string;
  readonly password: string;
  readonly role: string;
  readonly description: string;
}

export interface DemoAccount {
  readonly accountId: string;
  readonly users: readonly DemoUser[];
}

/**
 * The emulator's published demo logins, shown on the sign-in page. Only asked for when the
 * config names an emulator; real CloudLink has no such thing.
 */
@Injectable({ providedIn: 'root' })
export class DemoAccounts {
  private readonly http = inject(HttpClient);
  private readonly emulatorUrl = inject(APP_CONFIG).emulatorUrl;
  private readonly accountState = signal<DemoAccount | null>(null);
  private isRequested = false;

  readonly account = this.accountState.asReadonly();

  load(): void {
    if (!this.emulatorUrl || this.isRequested) return;
    this.isRequested = true;
    void firstValueFrom(this.http.get<unknown>(`${this.emulatorUrl}/demo`))
      .then((body) => this.accountState.set(readDemoAccount(body)))
      .catch(() => {
        this.isRequested = false;
        this.accountState.set(null);
      });
  }
}

export function readDemoAccount(body: unknown): DemoAccount | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  if (typeof record['accountId'] !== 'string' || !Array.isArray(record['users'])) return null;
  const users = record['users'].flatMap((user: unknown): DemoUser[] => {
    if (typeof user !== 'object' || user === null) return [];
    const entry = user as Record<string, unknown>;
    if (typeof entry['username'] !== 'string' || typeof entry['password'] !== 'string') return [];
    return [
      {
        username: entry['username'],
        password: entry['password'],
        role: typeof entry['role'] === 'string' ? entry['role'] : '',
        description: typeof entry['description'] === 'string' ? entry['description'] : '',
      },
    ];
  });
  return { accountId: record['accountId'], users };
}
