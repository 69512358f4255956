import { randomBytes } from 'node:crypto';
import type { DemoAccount, DemoUser } from './demo-account.js';
import { unauthorized } from './http-error.js';

// An authorization code only bridges one redirect, so it lives briefly, as OAuth advises.
const AUTHORIZATION_CODE_TTL_MS = 60_000;
// Expired access tokens are remembered this long so a late caller hears "expired" rather
// than "not recognised"; past it they are forgotten so a long-running emulator stays small.
const EXPIRED_TOKEN_MEMORY_MS = 24 * 60 * 60_000;
// Refresh tokens outlive many access tokens (a signed-in tab refreshes hourly for a workday),
// but not forever, so unused ones from abandoned tabs are eventually dropped.
const REFRESH_TOKEN_TTL_MS = 7 * 24 * 60 * 60_000;
const TOKEN_BYTES = 32;
const SCOPE = 'notifications media';

export interface TokenResponse {
  token_type: 'bearer';
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
}

export interface TokenClaims {
  userId: string;
  accountId: string;
  principalId: string;
  role: string;
  extension: string;
  name: string;
  username: string;
  expiresOn: string;
}

interface AccessGrant {
  readonly userId: string;
  readonly expiresAt: number;
}

interface PairedAccessGrant extends AccessGrant {
  /** the refresh token issued with it, so expire-token can revoke that one too */
  readonly refreshToken: string;
}

export interface TokenExpiry {
  expiredAccessTokens: number;
  revokedRefreshTokens: number;
}

interface AuthorizationCode {
  readonly userId: string;
  readonly clientId: string;
  readonly expiresAt: number;
}

function opaqueToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

const WRONG_CREDENTIALS = 'The username, password or account id is incorrect.';

/** Issues and checks bearer tokens for the demo users; all state is in memory. */
export class TokenIssuer {
  private readonly accessGrants = new Map<string, PairedAccessGrant>();
  private readonly refreshGrants = new Map<string, AccessGrant>();
  private readonly codes = new Map<string, AuthorizationCode>();

  constructor(
    private readonly account: DemoAccount,
    private readonly tokenTtlSec: number,
    private readonly now: () => number = Date.now,
  ) {}

  grantPassword(username: string, password: string, accountId: string): TokenResponse {
    const user = this.account.findUserByCredentials(username, password, accountId);
    if (!user) throw unauthorized(WRONG_CREDENTIALS);
    return this.issue(user);
  }

  /** Refresh tokens rotate: each one buys exactly one new pair. */
  grantRefresh(refreshToken: string): TokenResponse {
    const grant = this.refreshGrants.get(refreshToken);
    const isLive = grant !== undefined && grant.expiresAt > this.now();
    const user = isLive ? this.account.findUserById(grant.userId) : undefined;
    if (!user) throw unauthorized('The refresh token is not valid or has already been used.');
    this.refreshGrants.delete(refreshToken);
    return this.issue(user);
  }

  authorize(username: string, password: string, accountId: string, clientId: string): string {
    const user = this.account.findUserByCredentials(username, password, accountId);
    if (!user) throw unauthorized(WRONG_CREDENTIALS);
    this.forgetExpired();
    const code = opaqueToken();
    this.codes.set(code, {
      userId: user.userId,
      clientId,
      expiresAt: this.now() + AUTHORIZATION_CODE_TTL_MS,
    });
    return code;
  }

  /** Codes are single use and bound to the client_id they were issued for. */
  grantAuthorizationCode(code: string, clientId: string): TokenResponse {
    const entry = this.codes.get(code);
    this.codes.delete(code);
    if (!entry || entry.expiresAt < this.now()) {
      throw unauthorized('The authorization code is not valid, has expired or was already used.');
    }
    if (entry.clientId !== clientId) {
      throw unauthorized('The authorization code was issued to a different client_id.');
    }
    const user = this.account.findUserById(entry.userId);
    if (!user) throw unauthorized('The authorization code refers to an unknown user.');
    return this.issue(user);
  }

  /** Resolves an Authorization header to its user, or throws a 401 that says what is wrong. */
  authenticate(authorization: string | undefined): DemoUser {
    return this.verify(authorization).user;
  }

  claims(authorization: string | undefined): TokenClaims {
    const { user, grant } = this.verify(authorization);
    return {
      userId: user.userId,
      accountId: user.accountId,
      principalId: user.principalId,
      role: user.role,
      extension: user.extension,
      name: user.name,
      username: user.username,
      expiresOn: new Date(grant.expiresAt).toISOString(),
    };
  }

  /** Whether this access token was issued here (expired or not); for the expire-token fault. */
  knowsAccessToken(accessToken: string): boolean {
    return this.accessGrants.has(accessToken);
  }

  /**
   * The expire-token fault: the live access tokens of a user (or one token) expire now, so the
   * next call hears "The access token has expired." while their refresh tokens still work;
   * with revokeRefresh those refresh tokens are revoked too (the user must sign in again).
   */
  expireNow(which: { userId?: string; accessToken?: string }, revokeRefresh: boolean): TokenExpiry {
    const now = this.now();
    const result: TokenExpiry = { expiredAccessTokens: 0, revokedRefreshTokens: 0 };
    for (const [token, grant] of this.accessGrants) {
      if (which.accessToken !== undefined && token !== which.accessToken) continue;
      if (which.userId !== undefined && grant.userId !== which.userId) continue;
      if (grant.expiresAt > now) {
        this.accessGrants.set(token, { ...grant, expiresAt: now });
        result.expiredAccessTokens++;
      }
      if (revokeRefresh && which.accessToken !== undefined) {
        if (this.refreshGrants.delete(grant.refreshToken)) result.revokedRefreshTokens++;
      }
    }
    if (revokeRefresh && which.accessToken === undefined) {
      for (const [token, grant] of this.refreshGrants) {
        if (grant.userId !== which.userId) continue;
        this.refreshGrants.delete(token);
        result.revokedRefreshTokens++;
      }
    }
    return result;
  }

  private verify(authorization: string | undefined): { user: DemoUser; grant: AccessGrant } {
    if (!authorization) {
      throw unauthorized(
        'The Authorization header is missing; send "Authorization: Bearer <access_token>".',
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthorized('The Authorization header must use the Bearer scheme.');
    const grant = this.accessGrants.get(match[1]);
    if (!grant) throw unauthorized('The access token is not recognised.');
    if (grant.expiresAt <= this.now()) throw unauthorized('The access token has expired.');
    const user = this.account.findUserById(grant.userId);
    if (!user) throw unauthorized('The access token refers to an unknown user.');
    return { user, grant };
  }

  private issue(user: DemoUser): TokenResponse {
    this.forgetExpired();
    const accessToken = opaqueToken();
    const refreshToken = opaqueToken();
    this.accessGrants.set(accessToken, {
      userId: user.userId,
      expiresAt: this.now() + this.tokenTtlSec * 1000,
      refreshToken,
    });
    this.refreshGrants.set(refreshToken, {
      userId: user.userId,
      expiresAt: this.now() + REFRESH_TOKEN_TTL_MS,
    });
    return {
      token_type: 'bearer',
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: this.tokenTtlSec,
      scope: SCOPE,
    };
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [token, grant] of this.accessGrants) {
      if (grant.expiresAt + EXPIRED_TOKEN_MEMORY_MS < now) this.accessGrants.delete(token);
    }
    for (const [token, grant] of this.refreshGrants) {
      if (grant.expiresAt < now) this.refreshGrants.delete(token);
    }
    for (const [code, entry] of this.codes) {
      if (entry.expiresAt < now) this.codes.delete(code);
    }
  }
}
