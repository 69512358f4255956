import { API_BASE } from './auth-api.js';
import { HttpError, badRequest, notFound } from './http-error.js';
import type { MqttGateway } from './mqtt-gateway.js';
import { readBody } from './request-body.js';
import type { Router } from './router.js';
import type { SignedUrls } from './signed-url.js';
import type { SubscriptionRegistry } from './subscription-registry.js';
import type { TokenIssuer } from './token-issuer.js';

// The notifications service: /connections hands out the signed MQTT URL, /subscriptions
// manages what reaches it. Also answers a plain GET of that URL, as the contract's failure
// table relies on (426 proves the URL is valid, 403 that it expired or was mangled).

export interface NotificationParts {
  tokens: TokenIssuer;
  urls: SignedUrls;
  registry: SubscriptionRegistry;
  /** the emulator's own broker; absent in external-broker mode */
  gateway?: MqttGateway;
  /** where clients connect (no query), known once the emulator listens */
  socketUrl: () => string;
}

export function addNotificationRoutes(router: Router, parts: NotificationParts): void {
  const { tokens, urls, registry, gateway } = parts;

  router.on('POST', `${API_BASE}/connections`, async ({ req }) => {
    const user = tokens.authenticate(req.headers.authorization);
    const body = await readBody(req);
    if (body['transport'] !== 'websocket') {
      throw badRequest(
        `transport must be "websocket"; got ${JSON.stringify(body['transport'] ?? null)}.`,
      );
    }
    return { status: 201, body: urls.issue(user.userId, parts.socketUrl()) };
  });

  router.on('POST', `${API_BASE}/subscriptions`, async ({ req }) => {
    const user = tokens.authenticate(req.headers.authorization);
    const body = await readBody(req);
    return { status: 201, body: registry.create(user, body) };
  });

  router.on('GET', `${API_BASE}/subscriptions`, ({ req }) => {
    const user = tokens.authenticate(req.headers.authorization);
    const items = registry.listOwned(user);
    return { status: 200, body: { count: items.length, _embedded: { items } } };
  });

  router.on('GET', `${API_BASE}/subscriptions/:id`, ({ req, params }) => {
    const user = tokens.authenticate(req.headers.authorization);
    const subscription = registry.findOwned(user, params['id']);
    if (!subscription) throw notFound(`No subscription ${params['id']} exists for this user.`);
    return { status: 200, body: subscription.view };
  });

  router.on('DELETE', `${API_BASE}/subscriptions/:id`, ({ req, params }) => {
    const user = tokens.authenticate(req.headers.authorization);
    if (!registry.deleteOwned(user, params['id'])) {
      throw notFound(`No subscription ${params['id']} exists for this user.`);
    }
    return { status: 204 };
  });

  router.on('GET', '/mqtt', ({ url }) => {
    if (!gateway) {
      throw notFound(
        'This emulator runs in external-broker mode: MQTT is served by the broker whose ' +
          'URL POST /connections returns, not here.',
      );
    }
    const { status, message } = gateway.explainPlainRequest(url.searchParams);
    throw new HttpError(status, message, status === 426 ? { Upgrade: 'websocket' } : {});
  });
}
