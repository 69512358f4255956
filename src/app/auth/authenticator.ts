import { HttpClient, HttpContext, HttpContextToken, HttpParams } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { APP_CONFIG } from '../config/app-config';
import { CloudLinkError, toCloudLinkError } from '../cloudlink/cloudlink-error';

/** Requests marked with this skip the bearer token and the 401 refresh (the token calls). */
export const SKIP_BEARER = new HttpContextToken<boolean>(() => false);

/** Refresh this long before expiry, so a call never races the deadline. */
export const REFRESH_LEAD_MS = 60_000;
/** Never schedule a refresh sooner than this, whatever a (short-lived) token says. */
const MIN_REFRESH_DELAY_MS = 5_000;

export interface Credentials {
  readonly accountId: string;
  readonly username: string;
  readonly password: string;
}

interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  token_type?: string;
}

interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly expiresAt: number;
}

/** What GET /token says of the signed-in principal; every field may be absent. */
export interface TokenClaims {
  readonly userId?: string;
  readonly accountId?: string;
  readonly principalId?: string;
  readonly role?: string;
  readonly extension?: string;
  readonly name?: string;
  readonly username?: string;
}

/**
 * Holds the CloudLink tokens in memory only (never in storage), refreshes them before they
 * expire, and says why a session ended.
 */
@Injectable({ providedIn: 'root' })
export class Authenticator {
  private readonly http = inject(HttpClient);
  private readonly config = inject(APP_CONFIG);

  private readonly tokens = signal<TokenSet | null>(null);
  private readonly claimsState = signal<TokenClaims | null>(null);
  private readonly endReason = signal<string | null>(null);
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshInFlight: Promise<boolean> | null = null;

  readonly isSignedIn = computed(() => this.tokens() !== null);
  readonly claims = this.claimsState.asReadonly();
  /** Why the last session ended (expired, signed out elsewhere...), for the sign-in page. */
  readonly signOutReason = this.endReason.asReadonly();
  readonly expiresAt = computed(() => this.tokens()?.expiresAt ?? null);

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.refreshTimer));
  }

  get tokenUrl(): string {
    return `${this.config.authBaseUrl}/token`;
  }

  accessToken(): string | null {
    return this.tokens()?.accessToken ?? null;
  }

  async signIn(credentials: Credentials): Promise<void> {
    const response = await this.requestToken({
      grant_type: 'password',
      username: credentials.username.trim(),
      password: credentials.password,
      account_id: credentials.accountId.trim(),
    });
    this.endReason.set(null);
    this.acceptTokens(response);
    await this.loadClaims();
  }

  /**
   * Exchanges the refresh token for new tokens. Concurrent callers share one request.
   * Resolves false (and signs out with the reason) when the refresh is refused.
   */
  refresh(): Promise<boolean> {
    this.refreshInFlight ??= this.refreshOnce().finally(() => (this.refreshInFlight = null));
    return this.refreshInFlight;
  }

  signOut(reason: string | null = null): void {
    clearTimeout(this.refreshTimer);
    this.tokens.set(null);
    this.claimsState.set(null);
    this.endReason.set(reason);
  }

  private async refreshOnce(): Promise<boolean> {
    const refreshToken = this.tokens()?.refreshToken;
    if (!refreshToken) {
      this.signOut('Your session expired. Sign in again.');
      return false;
    }
    try {
      this.acceptTokens(
        await this.requestToken({ grant_type: 'refresh_token', refresh_token: refreshToken }),
      );
      return true;
    } catch (error) {
      const reason = error instanceof CloudLinkError ? error.summary : String(error);
      this.signOut(`Your session could not be renewed (${reason}). Sign in again.`);
      return false;
    }
  }

  private async requestToken(fields: Record<string, string>): Promise<TokenResponse> {
    try {
      const response = await firstValueFrom(
        this.http.post<TokenResponse>(this.tokenUrl, new HttpParams({ fromObject: fields }), {
          context: new HttpContext().set(SKIP_BEARER, true),
        }),
      );
      if (!response || typeof response.access_token !== 'string') {
        throw new CloudLinkError('The token response had no access_token.', 200, this.tokenUrl);
      }
      return response;
    } catch (error) {
      throw toCloudLinkError(error, this.tokenUrl);
    }
  }

  private acceptTokens(response: TokenResponse): void {
    const lifetimeMs = (Number(response.expires_in) || 3600) * 1000;
    this.tokens.set({
      accessToken: response.access_token,
      refreshToken: response.refresh_token ?? this.tokens()?.refreshToken ?? null,
      expiresAt: Date.now() + lifetimeMs,
    });
    this.scheduleRefresh(lifetimeMs);
  }

  private scheduleRefresh(lifetimeMs: number): void {
    clearTimeout(this.refreshTimer);
    const lead = Math.min(REFRESH_LEAD_MS, lifetimeMs / 5);
    const delay = Math.max(MIN_REFRESH_DELAY_MS, lifetimeMs - lead);
    this.refreshTimer = setTimeout(() => void this.refresh(), delay);
  }

  /** Claims are a courtesy (names, extension for the quick pick): failure is not fatal. */
  private async loadClaims(): Promise<void> {
    try {
      const claims = await firstValueFrom(this.http.get<TokenClaims>(this.tokenUrl));
      this.claimsState.set(claims && typeof claims === 'object' ? claims : null);
    } catch {
      this.claimsState.set(null);
    }
  }
}
