import { badRequest } from './http-error.js';
import { readBody, requiredString, type JsonObject } from './request-body.js';
import type { Router } from './router.js';
import type { TokenIssuer } from './token-issuer.js';

// The authentication service's surface: /token (grants and claims) and /authorize.

export const API_BASE = '/2017-09-01';

const SUPPORTED_GRANTS = ['password', 'refresh_token', 'authorization_code'];

/** Account ids look numeric, so JSON callers may well send a number; both are accepted. */
function accountId(body: JsonObject, context = ''): string {
  const value = body['account_id'];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return requiredString(body, 'account_id', context);
}

export function addAuthRoutes(router: Router, tokens: TokenIssuer): void {
  router.on('POST', `${API_BASE}/token`, async ({ req }) => {
    const body = await readBody(req);
    const grantType = requiredString(
      body,
      'grant_type',
      ` (one of ${SUPPORTED_GRANTS.join(', ')})`,
    );
    const forGrant = ` for grant_type ${grantType}`;
    switch (grantType) {
      case 'password':
        return {
          status: 200,
          body: tokens.grantPassword(
            requiredString(body, 'username', forGrant),
            requiredString(body, 'password', forGrant),
            accountId(body, forGrant),
          ),
        };
      case 'refresh_token':
        return {
          status: 200,
          body: tokens.grantRefresh(requiredString(body, 'refresh_token', forGrant)),
        };
      case 'authorization_code':
        return {
          status: 200,
          body: tokens.grantAuthorizationCode(
            requiredString(body, 'code', forGrant),
            requiredString(body, 'client_id', forGrant),
          ),
        };
      default:
        throw badRequest(
          `grant_type "${grantType}" is not supported here; use one of ${SUPPORTED_GRANTS.join(', ')}.`,
        );
    }
  });

  router.on('GET', `${API_BASE}/token`, ({ req }) => ({
    status: 200,
    body: tokens.claims(req.headers.authorization),
  }));

  router.on('POST', `${API_BASE}/authorize`, async ({ req }) => {
    const body = await readBody(req);
    const responseType = requiredString(body, 'response_type');
    if (responseType !== 'code') {
      throw badRequest(`response_type must be "code"; got "${responseType}".`);
    }
    const code = tokens.authorize(
      requiredString(body, 'username'),
      requiredString(body, 'password'),
      accountId(body),
      requiredString(body, 'client_id'),
    );
    return { status: 200, body: { code } };
  });
}
