import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Authenticator } from '../auth/authenticator';
import { APP_CONFIG } from '../config/app-config';
import { NotificationsApi } from '../cloudlink/notifications-api';
import { Subscription, SubscriptionSpec } from '../cloudlink/subscription';
import { LiveEvents } from '../events/live-events';
import { MessageBatch } from '../events/call-event';
import { MqttError } from '../mqtt/mqtt-transport';
import { MQTT_TRANSPORT } from '../mqtt/mqtt-transport-token';
import { MqttErrorCode } from '../mqtt/mqtt-transport';
import { maskUrl } from '../shared/mask-secrets';
import { reconnectDelay } from './backoff';
import { DiagnosticsTimeline } from './diagnostics-timeline';
import { Diagnosis, FailureContext, FailurePhase, diagnose } from './failure-diagnosis';
import { NETWORK_CHANGES, NetworkChange } from './network-watch';
import { OrphanSweeper } from './orphan-sweeper';
import { UrlProbe } from './url-probe';
import { SessionState, isRunning } from './session-state';
import { TabIdentity } from './tab-identity';

/** MQTT keepalive: CloudLink (AWS IoT) accepts 30-1200 s. */
const KEEPALIVE_SEC = 60;
/** How long the WebSocket handshake plus CONNACK may take. */
const CONNECT_TIMEOUT_SEC = 10;
/** QoS 1: the broker redelivers what it could not hand over; dedupe absorbs repeats. */
const SUBSCRIBE_QOS = 1;
/**
 * A persistent session (cleanSession false) under a client id stable for the tab: after a
 * drop the broker keeps queuing, and resumes delivery on reconnect.
 */
const CLEAN_SESSION = false;
/** How long Stop waits for UNSUBSCRIBE acknowledgements before it disconnects anyway. */
const UNSUBSCRIBE_GRACE_MS = 1_000;
/** While the browser says it is offline, retry no sooner than this (online retries at once). */
const OFFLINE_RETRY_MS = 30_000;

export interface LastFailure extends Diagnosis {
  readonly at: number;
  readonly phase: FailurePhase;
  /** The error as reported (Paho's or the service's words), masked where shown. */
  readonly error: string;
}

export interface ActiveSubscription {
  readonly subscription: Subscription;
  readonly createdAt: number;
  /**
   * Created by this tab (deleted on Stop, Sign out and tab close), or attached: an existing
   * subscription of the account this tab subscribes to, left in place when it stops.
   */
  readonly isOwned: boolean;
}

/**
 * Owns the session: creates subscriptions, gets a fresh WebSocket URL for every connect,
 * connects, subscribes, reconnects with backoff, and cleans up on stop. Every step goes to
 * the diagnostics timeline. Components read `state` and `subscriptions`; none touches Paho.
 */
@Injectable({ providedIn: 'root' })
export class SessionSupervisor {
  private readonly api = inject(NotificationsApi);
  private readonly transport = inject(MQTT_TRANSPORT);
  private readonly auth = inject(Authenticator);
  private readonly identity = inject(TabIdentity);
  private readonly timeline = inject(DiagnosticsTimeline);
  private readonly events = inject(LiveEvents);
  private readonly notificationsBaseUrl = inject(APP_CONFIG).notificationsBaseUrl;
  private readonly sweeper = inject(OrphanSweeper);
  private readonly urlProbe = inject(UrlProbe);

  private readonly runState = signal<SessionState>({ kind: 'stopped', reason: null });
  private readonly active = signal<readonly ActiveSubscription[]>([]);
  private readonly remembered = signal<readonly SubscriptionSpec[]>([]);
  private readonly noticeState = signal<string | null>(null);
  private readonly lastStartState = signal<number | null>(null);
  private readonly lastFailureState = signal<LastFailure | null>(null);

  /** Bumped by every start, stop and reconnect: async work from an older run stands down. */
  private generation = 0;
  private phase: FailurePhase | null = null;
  private pumpingGeneration: number | null = null;
  /** The subscription whose SUBSCRIBE is in flight (or just failed), for diagnosis. */
  private subscribingId: string | null = null;
  private readonly subscribed = new Set<string>();
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private runStartedAt: number | null = null;
  private isAwaitingFirstEvent = false;
  /** When the live connection was lost, until a reconnect says whether anything was missed. */
  private lostAt: number | null = null;
  private lastUri: string | null = null;

  readonly state = computed<SessionState>(() =>
    this.auth.isSignedIn() ? this.runState() : { kind: 'signed-out' },
  );
  readonly subscriptions = this.active.asReadonly();
  /** What Start recreates after a Stop. */
  readonly rememberedSpecs = this.remembered.asReadonly();
  /** A problem that did not stop the session (a delete that failed, say). */
  readonly notice = this.noticeState.asReadonly();
  readonly isRunning = computed(() => isRunning(this.state()));
  readonly canStart = computed(
    () =>
      !this.isRunning() &&
      this.state().kind !== 'stopping' &&
      this.state().kind !== 'signed-out' &&
      (this.active().length > 0 || this.remembered().length > 0),
  );
  get clientId(): string {
    return this.identity.clientId;
  }
  /** The most recent failure, diagnosed, for the connection doctor. */
  readonly lastFailure = this.lastFailureState.asReadonly();
  /** When the session was last started from stopped (Start, or a first subscription). */
  readonly lastStartAt = this.lastStartState.asReadonly();

  constructor() {
    this.transport.batches$.pipe(takeUntilDestroyed()).subscribe((b) => this.receive(b));
    this.transport.connectionLost$.pipe(takeUntilDestroyed()).subscribe((e) => this.handleLoss(e));
    inject(NETWORK_CHANGES)
      .pipe(takeUntilDestroyed())
      .subscribe((change) => this.handleNetwork(change));
    effect(() => {
      if (this.auth.isSignedIn()) untracked(() => void this.sweepOrphans());
      else untracked(() => this.abandon());
    });
    inject(DestroyRef).onDestroy(() => this.abandon());
  }

  /** Creates a subscription for this tab and makes sure the session runs to deliver it. */
  async createSubscription(spec: SubscriptionSpec): Promise<Subscription> {
    const requestedAt = Date.now();
    this.noticeState.set(null);
    const subscription = await this.createRemote(spec);
    this.remembered.update((specs) => [...specs, spec]);
    const state = this.runState();
    if (state.kind === 'live') {
      void this.subscribeWhileLive(this.generation);
    } else if (!isRunning(state)) {
      this.noteStart(requestedAt);
      this.begin(1);
    }
    return subscription;
  }

  async deleteSubscription(subscriptionId: string): Promise<void> {
    const entry = this.active().find((item) => item.subscription.subscriptionId === subscriptionId);
    if (!entry) return;
    this.noticeState.set(null);
    this.active.update((list) => list.filter((item) => item !== entry));
    this.remembered.update((specs) => withoutFirst(specs, entry.subscription));
    if (this.subscribed.delete(subscriptionId) && this.transport.isConnected()) {
      await this.unsubscribeQuietly(subscriptionId);
    }
    if (this.active().length === 0 && isRunning(this.runState())) {
      this.halt('No subscriptions left.');
    }
    await this.deleteRemote(subscriptionId);
  }

  /** Recreates the remembered subscriptions (Stop deleted them) and connects. */
  async start(): Promise<void> {
    if (!this.canStart()) return;
    this.noticeState.set(null);
    this.noteStart(Date.now());
    if (this.active().length === 0) {
      const specs = this.remembered();
      this.runState.set({ kind: 'connecting', attempt: 1 });
      try {
        for (const spec of specs) await this.createRemote(spec);
      } catch (error) {
        this.fail(error, 'connection', 0, true);
        return;
      }
    }
    this.begin(1);
  }

  /** Unsubscribes, deletes every subscription this tab created, and disconnects. */
  async stop(reason: string | null = null): Promise<void> {
    const list = this.active();
    this.runState.set({ kind: 'stopping' });
    await this.unsubscribeAll();
    this.halt(null);
    this.lostAt = null;
    this.runState.set({ kind: 'stopping' });
    const generation = this.generation;
    this.active.set([]);
    const owned = list.filter((item) => item.isOwned);
    await Promise.all(owned.map((item) => this.deleteRemote(item.subscription.subscriptionId)));
    if (generation === this.generation) this.runState.set({ kind: 'stopped', reason });
  }

  /**
   * Subscribes this tab to an existing subscription of the account (one it did not create).
   * If its deviceId is not this tab's client id, CloudLink closes the socket on SUBSCRIBE,
   * and the diagnosis says so.
   */
  attachSubscription(subscription: Subscription): void {
    const id = subscription.subscriptionId;
    if (this.active().some((item) => item.subscription.subscriptionId === id)) return;
    this.noticeState.set(null);
    this.active.update((list) => [
      ...list,
      { subscription, createdAt: Date.now(), isOwned: false },
    ]);
    const state = this.runState();
    if (state.kind === 'live') {
      void this.subscribeWhileLive(this.generation);
    } else if (!isRunning(state)) {
      this.noteStart(Date.now());
      this.begin(1);
    }
  }

  async signOut(): Promise<void> {
    if (this.active().length > 0) await this.stop();
    this.remembered.set([]);
    this.events.clear();
    this.auth.signOut();
  }

  /** Gives up reconnecting: the subscriptions are deleted as on Stop. */
  async stopRetrying(): Promise<void> {
    const state = this.runState();
    const reason =
      state.kind === 'reconnecting' ? `Stopped retrying after: ${state.lastError}` : null;
    await this.stop(reason);
  }

  /** Skips the backoff wait. */
  retryNow(): void {
    const state = this.runState();
    if (state.kind === 'reconnecting') this.begin(state.attempt);
  }

  /**
   * The tab is going away: delete what this tab created with keepalive requests the browser
   * finishes after the page is gone, and drop the socket.
   */
  releaseOnPageHide(): void {
    const ids = this.active()
      .filter((item) => item.isOwned)
      .map((item) => item.subscription.subscriptionId);
    this.halt(null);
    this.active.set([]);
    if (ids.length > 0) this.api.deleteOnPageHide(ids);
    this.runState.set({ kind: 'stopped', reason: 'The page was hidden; Start to resume.' });
  }

  private noteStart(at: number): void {
    this.runStartedAt = at;
    this.lastStartState.set(at);
  }

  private begin(attempt: number): void {
    clearTimeout(this.reconnectTimer);
    const generation = ++this.generation;
    this.runStartedAt ??= Date.now();
    void this.connect(generation, attempt);
  }

  private async connect(generation: number, attempt: number): Promise<void> {
    this.runState.set({ kind: 'connecting', attempt });
    this.transport.disconnect();
    this.subscribed.clear();
    this.phase = 'connection';
    let urlReceivedAt: number | null = null;
    try {
      const { value: connection } = await this.timeline.step(
        'connection',
        'Get WebSocket URL (POST /connections)',
        () => this.api.createConnection(),
        (result) => ({
          detail: `${maskUrl(result.value.websocketUri)} · valid ${secondsUntil(result.value.expiresAt)} s`,
          correlationId: result.correlationId,
        }),
      );
      if (generation !== this.generation) return;
      this.phase = 'mqtt-connect';
      urlReceivedAt = connection.receivedAt;
      this.lastUri = connection.websocketUri;
      const connected = await this.timeline.step(
        'mqtt-connect',
        `MQTT connect as ${this.identity.clientId}`,
        () =>
          this.transport.connect({
            uri: connection.websocketUri,
            clientId: this.identity.clientId,
            keepAliveSec: KEEPALIVE_SEC,
            timeoutSec: CONNECT_TIMEOUT_SEC,
            cleanSession: CLEAN_SESSION,
          }),
        (result) => ({
          detail: `MQTT 3.1.1 · session ${describeSession(result.sessionPresent)} · ${maskUrl(connection.websocketUri)}`,
        }),
      );
      if (generation !== this.generation) {
        this.transport.disconnect();
        return;
      }
      this.noteResumption(connected.sessionPresent);
      this.phase = 'subscribe';
      this.runState.set({ kind: 'subscribing' });
      await this.pumpSubscriptions(generation);
      if (generation !== this.generation) return;
      this.phase = 'live';
      this.runState.set({ kind: 'live', since: Date.now() });
      this.isAwaitingFirstEvent = true;
    } catch (error) {
      if (generation !== this.generation) return;
      const urlAgeMs = urlReceivedAt === null ? null : Date.now() - urlReceivedAt;
      this.fail(error, this.phase ?? 'connection', attempt, false, urlAgeMs);
    }
  }

  /** Subscribes every active subscription not yet subscribed on this connection. */
  private async pumpSubscriptions(generation: number): Promise<void> {
    if (this.pumpingGeneration === generation) return;
    this.pumpingGeneration = generation;
    try {
      for (;;) {
        const next = this.active().find(
          (item) => !this.subscribed.has(item.subscription.subscriptionId),
        );
        if (!next || generation !== this.generation) return;
        const id = next.subscription.subscriptionId;
        this.subscribingId = id;
        await this.timeline.step(
          'subscribe',
          `SUBSCRIBE ${id}`,
          () => this.transport.subscribe(id, SUBSCRIBE_QOS),
          (qos) => ({ detail: `granted QoS ${qos}` }),
        );
        this.subscribed.add(id);
        this.subscribingId = null;
      }
    } finally {
      if (this.pumpingGeneration === generation) this.pumpingGeneration = null;
    }
  }

  private async subscribeWhileLive(generation: number): Promise<void> {
    try {
      await this.pumpSubscriptions(generation);
    } catch (error) {
      if (generation === this.generation) this.fail(error, 'subscribe', 0);
    }
  }

  private handleLoss(error: MqttError): void {
    this.lostAt ??= Date.now();
    // A drop during SUBSCRIBE is handled where the subscribe fails, with that context.
    if (this.phase !== 'live' || this.subscribingId !== null) return;
    this.timeline.note(
      'connection-lost',
      'Connection lost',
      `${error.message} (code ${error.code})`,
      'failed',
    );
    this.fail(error, 'live', 0);
  }

  private fail(
    error: unknown,
    phase: FailurePhase,
    attempt: number,
    isFatalAnyway = false,
    urlAgeMs: number | null = null,
  ): void {
    if (!this.auth.isSignedIn()) return;
    const refused = this.active().find(
      (item) => item.subscription.subscriptionId === this.subscribingId,
    );
    const context: FailureContext = {
      phase,
      clientId: this.identity.clientId,
      subscriptionId: this.subscribingId,
      deviceId: refused?.subscription.deviceId ?? null,
      urlAgeMs,
      notificationsBaseUrl: this.notificationsBaseUrl,
    };
    const diagnosis = diagnose(error, context);
    this.lastFailureState.set({
      ...diagnosis,
      at: Date.now(),
      phase,
      error: error instanceof Error ? error.message : String(error),
    });
    if (this.runState().kind === 'live') this.lostAt ??= Date.now();
    if (isHandshakeFailure(error, phase) && this.lastUri) void this.probeUrl(this.lastUri);
    this.subscribingId = null;
    this.transport.disconnect();
    this.subscribed.clear();
    this.phase = null;
    if (diagnosis.isFatal || isFatalAnyway) {
      this.generation++;
      this.runStartedAt = null;
      this.runState.set({ kind: 'failed', reason: diagnosis.reason, advice: diagnosis.advice });
      return;
    }
    const next = attempt + 1;
    const delay = Math.max(diagnosis.retryAfterMs ?? 0, reconnectDelay(next));
    this.runState.set({
      kind: 'reconnecting',
      attempt: next,
      nextAt: Date.now() + delay,
      lastError: diagnosis.reason,
    });
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.begin(next), delay);
  }

  /**
   * After a drop, a broker that resumed the session delivers what it queued; otherwise events
   * published while away may be missing, and the feed says between when.
   */
  private noteResumption(sessionPresent: boolean | null): void {
    const lostAt = this.lostAt;
    this.lostAt = null;
    if (lostAt === null) return;
    if (sessionPresent === true) {
      this.timeline.note('session-resume', 'Session resumed', 'the broker kept the queue', 'ok');
      return;
    }
    const reason =
      sessionPresent === false
        ? 'the broker did not resume the session'
        : 'the broker did not say whether it resumed the session';
    this.events.markGap(lostAt, Date.now(), reason);
    this.timeline.note('session-resume', 'Session not resumed', reason, 'failed');
  }

  private async probeUrl(uri: string): Promise<void> {
    await this.timeline.step(
      'url-probe',
      'Probe the spent URL with a plain GET',
      () => this.urlProbe.probe(uri),
      (result) => ({ detail: `${result.status ?? 'no answer'}: ${result.verdict}` }),
    );
  }

  private handleNetwork(change: NetworkChange): void {
    const state = this.runState();
    if (!isRunning(state)) return;
    if (change === 'offline') {
      this.timeline.note('network', 'Browser offline', 'waiting for the network', 'failed');
      this.lostAt ??= Date.now();
      this.halt(null);
      this.runState.set({
        kind: 'reconnecting',
        attempt: 1,
        nextAt: Date.now() + OFFLINE_RETRY_MS,
        lastError: 'Network offline',
      });
      this.reconnectTimer = setTimeout(() => this.begin(1), OFFLINE_RETRY_MS);
    } else if (change === 'online') {
      this.timeline.note('network', 'Browser online', 'reconnecting now', 'info');
      if (state.kind === 'reconnecting') this.begin(state.attempt);
    } else if (state.kind === 'live') {
      this.timeline.note('network', 'Tab woke up', 'checking the connection', 'info');
      this.fail(
        new MqttError(MqttErrorCode.SocketClosed, 'The tab slept; reconnecting.'),
        'live',
        0,
      );
    }
  }

  private async sweepOrphans(): Promise<void> {
    const active = () => new Set(this.active().map((item) => item.subscription.subscriptionId));
    await this.sweeper.sweep((id) => active().has(id));
  }

  private receive(batch: MessageBatch): void {
    this.events.ingest(batch);
    if (this.isAwaitingFirstEvent && batch.perTopic.length > 0) {
      const topic = batch.perTopic[0][0];
      this.isAwaitingFirstEvent = false;
      const elapsed = this.runStartedAt === null ? null : Date.now() - this.runStartedAt;
      this.runStartedAt = null;
      this.timeline.note(
        'first-event',
        'First event',
        elapsed === null ? `on ${topic}` : `${elapsed} ms after start, on ${topic}`,
        'ok',
        elapsed,
      );
    }
  }

  private async createRemote(spec: SubscriptionSpec): Promise<Subscription> {
    const { value } = await this.timeline.step(
      'subscription',
      `Create subscription (POST /subscriptions, ${spec.topic})`,
      () =>
        this.api.createSubscription({
          ...spec,
          applicationId: this.identity.applicationId,
          deviceId: this.identity.clientId,
          transport: 'websocket',
        }),
      (result) => ({
        detail: `${result.value.subscriptionId} · subject ${spec.subjectFilter}`,
        correlationId: result.correlationId,
      }),
    );
    this.identity.rememberCreatedDevice(this.identity.clientId);
    this.active.update((list) => [
      ...list,
      { subscription: value, createdAt: Date.now(), isOwned: true },
    ]);
    return value;
  }

  private async deleteRemote(subscriptionId: string): Promise<void> {
    try {
      await this.timeline.step(
        'delete-subscription',
        `Delete subscription ${subscriptionId}`,
        () => this.api.deleteSubscription(subscriptionId),
        (result) => ({
          detail: result.value ? 'deleted' : 'already gone (404)',
          correlationId: result.correlationId,
        }),
      );
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.noticeState.set(`Could not delete subscription ${subscriptionId}: ${text}`);
    }
  }

  /** Best effort before a Stop: the subscriptions are deleted next either way. */
  private async unsubscribeAll(): Promise<void> {
    if (!this.transport.isConnected()) return;
    const ids = [...this.subscribed];
    await Promise.race([
      Promise.all(ids.map((id) => this.unsubscribeQuietly(id))),
      new Promise((resolve) => setTimeout(resolve, UNSUBSCRIBE_GRACE_MS)),
    ]);
  }

  private async unsubscribeQuietly(subscriptionId: string): Promise<void> {
    try {
      await this.timeline.step('unsubscribe', `UNSUBSCRIBE ${subscriptionId}`, () =>
        this.transport.unsubscribe(subscriptionId),
      );
    } catch {
      // The subscription is deleted next; a failed UNSUBSCRIBE changes nothing.
    }
  }

  /** Ends the connection and any pending retry; the subscriptions stay as they are. */
  private halt(reason: string | null): void {
    this.generation++;
    clearTimeout(this.reconnectTimer);
    this.phase = null;
    this.subscribingId = null;
    this.subscribed.clear();
    this.runStartedAt = null;
    this.isAwaitingFirstEvent = false;
    if (this.transport.isConnected()) this.timeline.note('disconnect', 'Disconnect', reason ?? '');
    this.transport.disconnect();
    if (reason !== null) this.runState.set({ kind: 'stopped', reason });
  }

  /** Signed out underneath us (refresh refused): nothing can be deleted without a token. */
  private abandon(): void {
    this.halt(null);
    this.active.set([]);
    this.runState.set({ kind: 'stopped', reason: null });
  }
}

function withoutFirst(
  specs: readonly SubscriptionSpec[],
  subscription: Subscription,
): SubscriptionSpec[] {
  const index = specs.findIndex(
    (spec) =>
      spec.topic === subscription.topic &&
      spec.subjectFilter === subscription.subjectFilter &&
      (spec.publicationFilter ?? '') === (subscription.publicationFilter ?? '') &&
      (spec.methodFilter ?? '') === (subscription.methodFilter ?? ''),
  );
  return index < 0 ? [...specs] : [...specs.slice(0, index), ...specs.slice(index + 1)];
}

function secondsUntil(time: number): number {
  return Math.max(0, Math.round((time - Date.now()) / 1000));
}

function describeSession(sessionPresent: boolean | null): string {
  if (sessionPresent === null) return 'present: unknown';
  return sessionPresent ? 'resumed' : 'new';
}

function isHandshakeFailure(error: unknown, phase: FailurePhase): boolean {
  return (
    phase === 'mqtt-connect' &&
    error instanceof MqttError &&
    (error.code === MqttErrorCode.SocketError || error.code === MqttErrorCode.SocketClosed)
  );
}
