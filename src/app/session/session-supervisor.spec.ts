import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Authenticator } from '../auth/authenticator';
import { cloudLinkInterceptor } from '../auth/cloudlink-interceptor';
import { APP_CONFIG } from '../config/app-config';
import { FRAME_SCHEDULER } from '../events/frame-scheduler';
import { LiveEvents } from '../events/live-events';
import { ManualFrameScheduler } from '../events/testing/manual-frame-scheduler';
import { MqttErrorCode } from '../mqtt/mqtt-transport';
import { MQTT_TRANSPORT } from '../mqtt/mqtt-transport-token';
import { FakeMqttTransport } from '../mqtt/testing/fake-mqtt-transport';
import { Subject } from 'rxjs';
import { LOCAL_STORAGE, MemoryStorage } from '../shared/browser-storage';
import { NETWORK_CHANGES, NetworkChange } from './network-watch';
import { TAB_CHANNEL } from './tab-channel';
import { TEST_CONFIG, flushMicrotasks } from '../testing/test-config';
import { DiagnosticsTimeline } from './diagnostics-timeline';
import { SessionSupervisor } from './session-supervisor';
import { TabIdentity } from './tab-identity';

const NOTIFY = TEST_CONFIG.notificationsBaseUrl;
const SIGNED_URL =
  'wss://broker.test/mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=abc&X-Amz-Signature=deadbeef';
const SUBJECT_130001 = '/2017-09-01/endpoints/130001/calls';

describe('SessionSupervisor', () => {
  let supervisor: SessionSupervisor;
  let transport: FakeMqttTransport;
  let http: HttpTestingController;
  let frames: ManualFrameScheduler;
  let identity: TabIdentity;
  let network: Subject<NetworkChange>;

  beforeEach(async () => {
    transport = new FakeMqttTransport();
    frames = new ManualFrameScheduler();
    network = new Subject<NetworkChange>();
    TestBed.configureTestingModule({
      providers: [
        { provide: NETWORK_CHANGES, useValue: network },
        { provide: TAB_CHANNEL, useValue: null },
        provideHttpClient(withInterceptors([cloudLinkInterceptor])),
        provideHttpClientTesting(),
        { provide: APP_CONFIG, useValue: TEST_CONFIG },
        { provide: MQTT_TRANSPORT, useValue: transport },
        { provide: FRAME_SCHEDULER, useValue: frames },
        { provide: LOCAL_STORAGE, useValue: new MemoryStorage() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    supervisor = TestBed.inject(SessionSupervisor);
    identity = TestBed.inject(TabIdentity);
    await signIn();
  });

  afterEach(() => {
    http.verify({ ignoreCancelled: true });
    TestBed.resetTestingModule();
  });

  async function signIn(): Promise<void> {
    const auth = TestBed.inject(Authenticator);
    const done = auth.signIn({ accountId: '100000', username: 'op@test', password: 'pw' });
    http.expectOne(`${TEST_CONFIG.authBaseUrl}/token`).flush({
      access_token: 'access-1',
      refresh_token: 'refresh-1',
      expires_in: 3600,
    });
    await flushMicrotasks();
    http
      .expectOne({ method: 'GET', url: `${TEST_CONFIG.authBaseUrl}/token` })
      .flush({ userId: 'u1' });
    await done;
  }

  /** Answers POST /subscriptions with an id, echoing the request. */
  async function answerCreateSubscription(id: string): Promise<Record<string, unknown>> {
    await flushMicrotasks();
    const request = http.expectOne({ method: 'POST', url: `${NOTIFY}/subscriptions` });
    const body = request.request.body as Record<string, unknown>;
    request.flush({ ...body, subscriptionId: id }, { status: 201, statusText: 'Created' });
    await flushMicrotasks();
    return body;
  }

  async function answerConnection(uri = SIGNED_URL): Promise<void> {
    await flushMicrotasks();
    http
      .expectOne({ method: 'POST', url: `${NOTIFY}/connections` })
      .flush(
        { websocketUri: uri, connectionId: 'c1' },
        { headers: { 'x-mitel-correlation-id': 'corr-conn' } },
      );
    await flushMicrotasks();
  }

  async function goLive(id = 'sub-1'): Promise<void> {
    const created = supervisor.createSubscription({
      topic: 'platform-api-media',
      subjectFilter: SUBJECT_130001,
    });
    await answerCreateSubscription(id);
    await created;
    await answerConnection();
    transport.acceptConnection();
    await flushMicrotasks();
    transport.grantSubscription(1);
    await flushMicrotasks();
  }

  it('creates the subscription with this tab as the device, then connects and subscribes', async () => {
    const created = supervisor.createSubscription({
      topic: 'platform-api-media',
      subjectFilter: SUBJECT_130001,
    });
    const body = await answerCreateSubscription('sub-1');
    expect(body).toEqual({
      topic: 'platform-api-media',
      subjectFilter: SUBJECT_130001,
      applicationId: identity.applicationId,
      deviceId: identity.clientId,
      transport: 'websocket',
    });
    expect((await created).subscriptionId).toBe('sub-1');
    expect(supervisor.state().kind).toBe('connecting');

    await answerConnection();
    expect(transport.connectAttempts.length).toBe(1);
    expect(transport.connectAttempts[0]).toEqual(
      jasmine.objectContaining({ uri: SIGNED_URL, clientId: identity.clientId }),
    );

    transport.acceptConnection();
    await flushMicrotasks();
    expect(supervisor.state().kind).toBe('subscribing');
    expect(transport.pendingSubscribeTopics).toEqual(['sub-1']);

    transport.grantSubscription(1);
    await flushMicrotasks();
    expect(supervisor.state().kind).toBe('live');
    expect(supervisor.subscriptions().map((item) => item.subscription.subscriptionId)).toEqual([
      'sub-1',
    ]);
  });

  it('never shows the signed URL unmasked in the timeline', async () => {
    await goLive();
    const details = TestBed.inject(DiagnosticsTimeline)
      .entries()
      .map((entry) => entry.detail)
      .join('\n');
    expect(details).toContain('wss://broker.test/mqtt?');
    expect(details).not.toContain('deadbeef');
    expect(details).not.toContain('X-Amz-Credential=abc');
  });

  it('hands messages to the live events and notes the first event', async () => {
    await goLive();
    transport.deliver('sub-1', {
      publicationId: 'p1',
      subject: `${SUBJECT_130001}/1`,
      content: { state: 'ringing', callId: 'endpoints/130001/calls/1' },
    });
    frames.runFrame();
    const live = TestBed.inject(LiveEvents);
    expect(
      live
        .view()
        .slice()
        .map((event) => event.publicationId),
    ).toEqual(['p1']);
    const steps = TestBed.inject(DiagnosticsTimeline)
      .entries()
      .map((entry) => entry.step);
    expect(steps).toContain('first-event');
  });

  it('subscribes a second subscription on the live connection without reconnecting', async () => {
    await goLive('sub-1');
    const created = supervisor.createSubscription({
      topic: 'platform-api-media',
      subjectFilter: '/2017-09-01/endpoints/130002/calls',
    });
    await answerCreateSubscription('sub-2');
    await created;
    expect(transport.pendingSubscribeTopics).toEqual(['sub-2']);
    transport.grantSubscription(1);
    await flushMicrotasks();
    expect(transport.connectAttempts.length).toBe(1);
    expect(transport.subscriptions.map((entry) => entry.topic)).toEqual(['sub-1', 'sub-2']);
    expect(supervisor.state().kind).toBe('live');
  });

  it('Edit creates the new subscription, deletes the old only after its SUBACK', async () => {
    await goLive('sub-1');
    let replaced = false;
    const replacing = supervisor
      .replaceSubscription('sub-1', {
        topic: 'platform-api-media',
        subjectFilter: '/2017-09-01/endpoints/(?:130001|130002)/calls',
      })
      .then(() => (replaced = true));
    await answerCreateSubscription('sub-2');
    expect(transport.pendingSubscribeTopics).toEqual(['sub-2']);
    // Until the broker grants the new one, the old one stays: nothing may fall between.
    http.expectNone({ method: 'DELETE' });
    expect(replaced).toBeFalse();

    transport.grantSubscription(1);
    await flushMicrotasks();
    http
      .expectOne({ method: 'DELETE', url: `${NOTIFY}/subscriptions/sub-1` })
      .flush(null, { status: 204, statusText: 'No Content' });
    await replacing;
    expect(supervisor.subscriptions().map((item) => item.subscription.subscriptionId)).toEqual([
      'sub-2',
    ]);
    expect(supervisor.state().kind).toBe('live');
  });

  it('Edit leaves the old subscription when the new one is refused', async () => {
    await goLive('sub-1');
    const replacing = supervisor.replaceSubscription('sub-1', {
      topic: 'platform-api-media',
      subjectFilter: '/x/',
    });
    await flushMicrotasks();
    http
      .expectOne({ method: 'POST', url: `${NOTIFY}/subscriptions` })
      .flush({ message: 'bad filter' }, { status: 400, statusText: 'Bad Request' });
    await expectAsync(replacing).toBeRejected();
    expect(supervisor.subscriptions().map((item) => item.subscription.subscriptionId)).toEqual([
      'sub-1',
    ]);
  });

  describe('recovery', () => {
    beforeEach(() => {
      jasmine.clock().install();
      jasmine.clock().mockDate(new Date('2026-12-04T10:00:00Z'));
      spyOn(Math, 'random').and.returnValue(0.5);
    });
    afterEach(() => jasmine.clock().uninstall());

    it('after a drop, waits the backoff, gets a fresh URL and resubscribes', async () => {
      await goLive();
      transport.dropConnection(MqttErrorCode.SocketClosed);
      const state = supervisor.state();
      expect(state.kind).toBe('reconnecting');
      if (state.kind !== 'reconnecting') return;
      expect(state.attempt).toBe(1);
      // Full jitter with random 0.5 on attempt 1: half of the 500 ms base.
      expect(state.nextAt - Date.now()).toBe(250);

      jasmine.clock().tick(249);
      await flushMicrotasks();
      expect(supervisor.state().kind).toBe('reconnecting');
      jasmine.clock().tick(1);
      await answerConnection('wss://broker.test/mqtt?X-Amz-Signature=fresh');
      expect(transport.connectAttempts.length).toBe(2);
      expect(transport.connectAttempts[1].uri).toContain('fresh');
      transport.acceptConnection();
      await flushMicrotasks();
      transport.grantSubscription(1);
      await flushMicrotasks();
      expect(supervisor.state().kind).toBe('live');
      expect(transport.subscriptions.map((entry) => entry.topic)).toEqual(['sub-1']);
    });

    it('backs off further after each failed attempt', async () => {
      await goLive();
      transport.dropConnection(MqttErrorCode.PingTimeout, 'AMQJS0004E Ping timed out.');
      jasmine.clock().tick(250);
      await answerConnection();
      transport.rejectConnection(MqttErrorCode.SocketError, 'AMQJS0007E Socket error:undefined.');
      await flushMicrotasks();
      const state = supervisor.state();
      expect(state.kind).toBe('reconnecting');
      if (state.kind !== 'reconnecting') return;
      expect(state.attempt).toBe(2);
      expect(state.nextAt - Date.now()).toBe(500);
      expect(state.lastError).toBe('WebSocket handshake failed');
      // The spent URL is probed (tested below); answer it so nothing is left open.
      http
        .expectOne((request) => request.url.startsWith('https://broker.test/'))
        .flush('', {
          status: 403,
          statusText: 'Forbidden',
        });
    });

    it('after a failed handshake, probes the spent URL with a plain GET and says what it shows', async () => {
      await goLive();
      transport.dropConnection();
      jasmine.clock().tick(250);
      await answerConnection();
      transport.rejectConnection(MqttErrorCode.SocketError, 'AMQJS0007E Socket error:undefined.');
      await flushMicrotasks();
      const probe = http.expectOne((request) =>
        request.url.startsWith('https://broker.test/mqtt?'),
      );
      expect(probe.request.method).toBe('GET');
      expect(probe.request.headers.has('Authorization')).toBeFalse();
      probe.flush('Upgrade Required', { status: 426, statusText: 'Upgrade Required' });
      await flushMicrotasks();
      const entry = TestBed.inject(DiagnosticsTimeline)
        .entries()
        .find((item) => item.step === 'url-probe');
      expect(entry?.outcome).toBe('ok');
      expect(entry?.detail).toContain('426');
      expect(entry?.detail).toContain('valid');
      expect(entry?.detail).not.toContain('deadbeef');
    });

    it('after a drop, marks a gap unless the broker resumed the session', async () => {
      await goLive();
      const live = TestBed.inject(LiveEvents);
      transport.dropConnection();
      jasmine.clock().tick(250);
      await answerConnection();
      transport.acceptConnection(true);
      await flushMicrotasks();
      transport.grantSubscription(1);
      await flushMicrotasks();
      expect(live.gaps()).toEqual([]);

      jasmine.clock().tick(1000);
      transport.dropConnection();
      const lostAt = Date.now();
      jasmine.clock().tick(250);
      await answerConnection();
      transport.acceptConnection(false);
      await flushMicrotasks();
      expect(live.gaps()).toEqual([
        { from: lostAt, to: lostAt + 250, reason: 'the broker did not resume the session' },
      ]);
      expect(
        transport.connectAttempts.every((attempt) => attempt.cleanSession === false),
      ).toBeTrue();
    });

    it('waits Retry-After when POST /connections is rate limited', async () => {
      await goLive();
      transport.dropConnection();
      jasmine.clock().tick(250);
      await flushMicrotasks();
      http
        .expectOne({ method: 'POST', url: `${NOTIFY}/connections` })
        .flush(
          { message: 'Slow down' },
          { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '7' } },
        );
      await flushMicrotasks();
      const state = supervisor.state();
      expect(state.kind).toBe('reconnecting');
      if (state.kind !== 'reconnecting') return;
      expect(state.nextAt - Date.now()).toBe(7000);
    });

    it('"Retry now" skips the wait', async () => {
      await goLive();
      transport.dropConnection();
      supervisor.retryNow();
      await answerConnection();
      expect(transport.connectAttempts.length).toBe(2);
    });
  });

  it('stops retrying on CONNACK 5 and says why', async () => {
    const created = supervisor.createSubscription({
      topic: 'platform-api-media',
      subjectFilter: SUBJECT_130001,
    });
    await answerCreateSubscription('sub-1');
    await created;
    await answerConnection();
    transport.rejectConnection(
      MqttErrorCode.ConnackRefused,
      'AMQJS0006E Bad Connack return code:5 Connection Refused: not authorized.',
      5,
    );
    await flushMicrotasks();
    const state = supervisor.state();
    expect(state.kind).toBe('failed');
    if (state.kind !== 'failed') return;
    expect(state.reason).toBe('MQTT not authorized');
  });

  it('explains a socket closed right after SUBSCRIBE, naming the subscription and client id', async () => {
    const created = supervisor.createSubscription({
      topic: 'platform-api-media',
      subjectFilter: SUBJECT_130001,
    });
    await answerCreateSubscription('sub-9');
    await created;
    await answerConnection();
    transport.acceptConnection();
    await flushMicrotasks();
    transport.closeOnSubscribe();
    await flushMicrotasks();
    const state = supervisor.state();
    expect(state.kind).toBe('failed');
    if (state.kind !== 'failed') return;
    expect(state.reason).toContain('SUBSCRIBE');
    expect(state.advice).toContain('sub-9');
    expect(state.advice).toContain(identity.clientId);
  });

  it('Stop unsubscribes, disconnects and deletes; Start recreates and reconnects', async () => {
    await goLive();
    const stopped = supervisor.stop();
    await flushMicrotasks();
    http
      .expectOne({ method: 'DELETE', url: `${NOTIFY}/subscriptions/sub-1` })
      .flush(null, { status: 204, statusText: 'No Content' });
    await stopped;
    expect(supervisor.state().kind).toBe('stopped');
    expect(supervisor.subscriptions()).toEqual([]);
    expect(transport.isConnected()).toBeFalse();
    expect(supervisor.canStart()).toBeTrue();

    const started = supervisor.start();
    const body = await answerCreateSubscription('sub-2');
    await started;
    expect(body['subjectFilter']).toBe(SUBJECT_130001);
    await answerConnection();
    transport.acceptConnection();
    await flushMicrotasks();
    transport.grantSubscription(1);
    await flushMicrotasks();
    expect(supervisor.state().kind).toBe('live');
  });

  it('deleting the last subscription deletes it on the server and stops the session', async () => {
    await goLive();
    const deleted = supervisor.deleteSubscription('sub-1');
    await flushMicrotasks();
    expect(transport.unsubscribed).toEqual(['sub-1']);
    http
      .expectOne({ method: 'DELETE', url: `${NOTIFY}/subscriptions/sub-1` })
      .flush(null, { status: 204, statusText: 'No Content' });
    await deleted;
    expect(supervisor.subscriptions()).toEqual([]);
    expect(supervisor.state().kind).toBe('stopped');
    expect(supervisor.canStart()).toBeFalse();
  });

  it('a 404 on delete counts as done; a 500 is reported as a notice', async () => {
    await goLive('sub-1');
    const created = supervisor.createSubscription({
      topic: 'platform-api-media',
      subjectFilter: '/x/',
    });
    await answerCreateSubscription('sub-2');
    await created;
    transport.grantSubscription(0);
    await flushMicrotasks();

    const first = supervisor.deleteSubscription('sub-1');
    await flushMicrotasks();
    http
      .expectOne(`${NOTIFY}/subscriptions/sub-1`)
      .flush({ message: 'gone' }, { status: 404, statusText: 'Not Found' });
    await first;
    expect(supervisor.notice()).toBeNull();

    const second = supervisor.deleteSubscription('sub-2');
    await flushMicrotasks();
    http
      .expectOne(`${NOTIFY}/subscriptions/sub-2`)
      .flush({ message: 'boom' }, { status: 500, statusText: 'Server Error' });
    await second;
    expect(supervisor.notice()).toContain('sub-2');
    expect(supervisor.notice()).toContain('boom');
  });

  it('on page hide, deletes with keepalive requests and drops the socket', async () => {
    await goLive();
    supervisor.releaseOnPageHide();
    const request = http.expectOne({ method: 'DELETE', url: `${NOTIFY}/subscriptions/sub-1` });
    expect(request.request.keepalive).toBeTrue();
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    request.flush(null, { status: 204, statusText: 'No Content' });
    expect(transport.isConnected()).toBeFalse();
    expect(supervisor.subscriptions()).toEqual([]);
    expect(supervisor.state().kind).toBe('stopped');
  });

  it('a subscription the service refuses leaves the session as it was and throws its message', async () => {
    const created = supervisor.createSubscription({
      topic: 'platform-api-media',
      subjectFilter: '(',
    });
    await flushMicrotasks();
    http
      .expectOne({ method: 'POST', url: `${NOTIFY}/subscriptions` })
      .flush(
        { message: 'subjectFilter is not a valid regular expression' },
        { status: 400, statusText: 'Bad Request' },
      );
    await expectAsync(created).toBeRejectedWith(jasmine.objectContaining({ status: 400 }));
    expect(supervisor.state().kind).toBe('stopped');
    expect(supervisor.subscriptions()).toEqual([]);
  });

  it('Sign out stops, deletes and signs out', async () => {
    await goLive();
    const done = supervisor.signOut();
    await flushMicrotasks();
    http
      .expectOne({ method: 'DELETE', url: `${NOTIFY}/subscriptions/sub-1` })
      .flush(null, { status: 204, statusText: 'No Content' });
    await done;
    expect(TestBed.inject(Authenticator).isSignedIn()).toBeFalse();
    expect(supervisor.state().kind).toBe('signed-out');
  });

  describe('the network and sleep', () => {
    beforeEach(() => {
      jasmine.clock().install();
      jasmine.clock().mockDate(new Date('2026-12-04T10:00:00Z'));
    });
    afterEach(() => jasmine.clock().uninstall());

    it('offline drops the socket and waits; online reconnects at once', async () => {
      await goLive();
      network.next('offline');
      const state = supervisor.state();
      expect(state.kind).toBe('reconnecting');
      if (state.kind === 'reconnecting') expect(state.lastError).toBe('Network offline');
      expect(transport.isConnected()).toBeFalse();
      network.next('online');
      await answerConnection();
      expect(transport.connectAttempts.length).toBe(2);
    });

    it('waking from sleep while live reconnects with a fresh URL', async () => {
      await goLive();
      network.next('woke');
      expect(supervisor.state().kind).toBe('reconnecting');
      jasmine.clock().tick(500);
      await answerConnection();
      expect(transport.connectAttempts.length).toBe(2);
    });

    it('ignores the network while stopped', async () => {
      network.next('offline');
      network.next('woke');
      expect(supervisor.state().kind).toBe('stopped');
    });
  });
});
