import type { CallScripts } from './call-script.js';
import { MAX_EVENTS_PER_SECOND, type CallSimulator } from './call-simulator.js';
import type { DemoAccount } from './demo-account.js';
import type { FaultInjector } from './faults.js';
import { badRequest, notFound } from './http-error.js';
import type { LoadGenerator } from './load-generator.js';
import type { MessageBroker } from './message-broker.js';
import type { PublicationRouter } from './publication-router.js';
import { readBody } from './request-body.js';
import type { Router } from './router.js';
import type { SignedUrls } from './signed-url.js';
import type { SubscriptionRegistry } from './subscription-registry.js';
import type { TokenIssuer } from './token-issuer.js';

// /_emulator: what only an emulator has (demo accounts, scripted calls, the simulator's
// rate, counters, reset), kept apart from the CloudLink paths so the app cannot come to
// depend on it by accident. No authentication, except that /endpoints narrows to what a
// signed-in user may see when a bearer token is sent.

export const CONTROL_BASE = '/_emulator';

export interface ControlParts {
  account: DemoAccount;
  tokens: TokenIssuer;
  urls: SignedUrls;
  registry: SubscriptionRegistry;
  router: PublicationRouter;
  broker: MessageBroker;
  scripts: CallScripts;
  simulator: CallSimulator;
  load: LoadGenerator;
  faults: FaultInjector;
}

export function addControlRoutes(http: Router, parts: ControlParts): void {
  const { account, tokens, urls, registry, router, broker, scripts, simulator, load, faults } =
    parts;
  const at = (path: string) => `${CONTROL_BASE}${path}`;

  http.on('GET', at('/health'), () => ({ status: 200, body: { ok: true } }));

  http.on('GET', at('/demo'), () => ({
    status: 200,
    body: {
      accountId: account.accountId,
      users: account.users.map(({ username, password, role, description, extension }) => ({
        username,
        password,
        role,
        description,
        extension,
      })),
    },
  }));

  http.on('GET', at('/endpoints'), ({ req }) => {
    const authorization = req.headers.authorization;
    const endpoints = authorization
      ? account.visibleEndpoints(tokens.authenticate(authorization))
      : account.endpoints;
    return {
      status: 200,
      body: {
        items: endpoints.map(({ endpointId, extension, name }) => ({
          endpointId,
          extension,
          name,
        })),
      },
    };
  });

  // Answers when every event of the call has been published to the broker, so a test can
  // assert on deliveries right after; a long script holds the request open that long.
  http.on('POST', at('/calls'), async ({ req }) => ({
    status: 202,
    body: await scripts.play(await readBody(req)),
  }));

  http.on('GET', at('/simulator'), () => ({ status: 200, body: simulator.settings }));

  http.on('PUT', at('/simulator'), async ({ req }) => {
    const rate = (await readBody(req))['eventsPerSecond'];
    if (
      typeof rate !== 'number' ||
      !Number.isFinite(rate) ||
      rate < 0 ||
      rate > MAX_EVENTS_PER_SECOND
    ) {
      throw badRequest(`eventsPerSecond must be a number from 0 to ${MAX_EVENTS_PER_SECOND}.`);
    }
    simulator.setRate(rate);
    return { status: 200, body: simulator.settings };
  });

  // Load runs in the background: 202 at once, progress by GET (see load-generator.ts).
  http.on('POST', at('/load'), async ({ req }) => ({
    status: 202,
    body: load.start(await readBody(req)),
  }));

  http.on('GET', at('/load'), () => ({ status: 200, body: load.status }));

  http.on('DELETE', at('/load'), () => {
    load.stop('deleted');
    return { status: 200, body: load.status };
  });

  // Injected faults (faults.ts): 201 with what was done; the lasting ones are listed.
  http.on('POST', at('/faults'), async ({ req }) => ({
    status: 201,
    body: await faults.inject(await readBody(req)),
  }));

  http.on('GET', at('/faults'), () => ({ status: 200, body: { items: faults.list() } }));

  http.on('DELETE', at('/faults'), () => {
    faults.clear();
    return { status: 204 };
  });

  http.on('DELETE', at('/faults/:id'), ({ params }) => {
    if (!faults.remove(params['id'])) {
      throw notFound(`No fault ${params['id']} is in force (one-shot faults are never listed).`);
    }
    return { status: 204 };
  });

  // An external broker does not say what it delivered or who is connected: those are null.
  http.on('GET', at('/counters'), () => ({
    status: 200,
    body: {
      mode: broker.mode,
      published: router.published,
      delivered: broker.delivered,
      subscriptions: Object.fromEntries(
        registry.all().map((s) => [
          s.view.subscriptionId,
          {
            matched: s.matched,
            delivered: broker.delivered === null ? null : s.delivered,
            deliveredQos1Acked: broker.delivered === null ? null : s.acked,
            ownerUsername: s.owner.username,
            deviceId: s.view.deviceId,
          },
        ]),
      ),
      mqttClients: broker.clientIds(),
      mqttConnects: broker.mqttConnects,
      socketDrops: broker.socketDrops,
      connectionsIssued: urls.issued,
    },
  }));

  http.on('GET', at('/subscriptions'), () => ({
    status: 200,
    body: { items: registry.all().map((s) => s.view) },
  }));

  http.on('POST', at('/reset'), async () => {
    simulator.stop();
    scripts.cancel();
    load.stop('reset');
    faults.clear();
    registry.clear();
    await broker.disconnectAll();
    router.resetCounters();
    broker.resetCounters();
    urls.resetCounters();
    return { status: 204 };
  });
}
