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
import { FailureContext, FailurePhase, diagnose } from './failure-diagnosis';
import { NETWORK_CHANGES, NetworkChange } from './network-watch';
import { OrphanSweeper } from './orphan-sweeper';
import { SessionJournal } from './session-journal';
import { SessionState, isRunning } from './session-state';
import { SubscriptionLedger } from './subscription-ledger';
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
/** Edit waits at most this long for the new subscription's SUBACK before deleting the old. */
const REPLACE_WAIT_MS = 15_000;

/**
 * Owns the session: creates subscriptions, gets a fresh WebSocket URL for every connect,
 * connects, subscribes, reconnects with backoff, and cleans up on stop. Every step goes to
 * the diagnostics timeline. Components read `state` and `subscriptions`; none touches Paho.
 */
@Injectable({ providedIn: 'root' })
export class SessionSupervisor {
  private readonly api = inject(NotificationsApi);
  private readonly ledger = inject(SubscriptionLedger);
  private readonly transport = inject(MQTT_TRANSPORT);
  private readonly auth = inject(Authenticator);
  private readonly identity = inject(TabIdentity);
  private readonly timeline = inject(DiagnosticsTimeline);
  private readonly events = inject(LiveEvents);
  private readonly notificationsBaseUrl = inject(APP_CONFIG).notificationsBaseUrl;
  private readonly sweeper = inject(OrphanSweeper);
  private readonly journal = inject(SessionJournal);

  private readonly runState = signal<SessionState>({ kind: 'stopped', reason: null });
  private readonly lastStartState = signal<number | null>(null);

  /** Bumped by every start, stop and reconnect: async work from an older run stands down. */
  private generation = 0;
  private phase: FailurePhase | null = null;
  private pumpingGeneration: number | null = null;
  /** The subscription whose SUBSCRIBE is in flight (or just failed), for diagnosis. */
  private subscribingId: string | null = null;
  private readonly subscribed = new Set<string>();
  /** Resolvers waiting for a subscription id to be subscribed on a connection (Edit). */
  private readonly subscribedWaiters = new Map<string, (() => void)[]>();
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private runStartedAt: number | null = null;
  private isAwaitingFirstEvent = false;
  /** When the live connection was lost, until a reconnect says whether anything was missed. */
  private lostAt: number | null = null;
  private lastUri: string | null = null;

  readonly state = computed<SessionState>(() =>
    this.auth.isSignedIn() ? this.runState() : { kind: 'signed-out' },
  );
  readonly subscriptions = this.ledger.subscriptions;
  /** What Start recreates after a Stop. */
  readonly rememberedSpecs = this.ledger.rememberedSpecs;
  /** A problem that did not stop the session (a delete that failed, say). */
  readonly notice = this.ledger.notice;
  readonly isRunning = computed(() => isRunning(this.state()));
  readonly canStart = computed(
    () =>
      !this.isRunning() &&
      this.state().kind !== 'stopping' &&
      this.state().kind !== 'signed-out' &&
      (this.subscriptions().length > 0 || this.rememberedSpecs().length > 0),
  );
  get clientId(): string {
    return this.identity.clientId;
  }
  /** The most recent failure, diagnosed, for the connection doctor. */
  readonly lastFailure = this.journal.lastFailure;
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
    this.ledger.clearNotice();
    const subscription = await this.ledger.create(spec);
    this.ledger.remember(spec);
    const state = this.runState();
    if (state.kind === 'live') {
      void this.subscribeWhileLive(this.generation);
    } else if (!isRunning(state)) {
      this.noteStart(requestedAt);
      this.begin(1);
    }
    return subscription;
  }

  /**
   * Edit: the API has no update, so this creates the new subscription, waits until this tab
   * is subscribed to it (SUBACK) and only then deletes the old one, so nothing falls in
   * between. Publications both deliver in the overlap arrive twice and are dropped as
   * duplicates. If the new one cannot be created the old one stays.
   */
  async replaceSubscription(oldId: string, spec: SubscriptionSpec): Promise<Subscription> {
    const created = await this.createSubscription(spec);
    await this.whenSubscribed(created.subscriptionId, REPLACE_WAIT_MS);
    await this.deleteSubscription(oldId);
    return created;
  }

  private whenSubscribed(subscriptionId: string, timeoutMs: number): Promise<void> {
    if (this.subscribed.has(subscriptionId)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const waiters = this.subscribedWaiters.get(subscriptionId) ?? [];
      waiters.push(done);
      this.subscribedWaiters.set(subscriptionId, waiters);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  async deleteSubscription(subscriptionId: string): Promise<void> {
    this.ledger.clearNotice();
    if (!this.ledger.release(subscriptionId)) return;
    if (this.subscribed.delete(subscriptionId) && this.transport.isConnected()) {
      await this.unsubscribeQuietly(subscriptionId);
    }
    if (this.subscriptions().length === 0 && isRunning(this.runState())) {
      this.halt('No subscriptions left.');
    }
    await this.ledger.deleteRemote(subscriptionId);
  }

  /** Recreates the remembered subscriptions (Stop deleted them) and connects. */
  async start(): Promise<void> {
    if (!this.canStart()) return;
    this.ledger.clearNotice();
    this.noteStart(Date.now());
    if (this.subscriptions().length === 0) {
      const specs = this.rememberedSpecs();
      this.runState.set({ kind: 'connecting', attempt: 1 });
      try {
        for (const spec of specs) await this.ledger.create(spec);
      } catch (error) {
        this.fail(error, 'connection', 0, true);
        return;
      }
    }
    this.begin(1);
  }

  /** Unsubscribes, deletes every subscription this tab created, and disconnects. */
  async stop(reason: string | null = null): Promise<void> {
    this.runState.set({ kind: 'stopping' });
    await this.unsubscribeAll();
    this.halt(null);
    this.lostAt = null;
    this.runState.set({ kind: 'stopping' });
    const generation = this.generation;
    const owned = this.ledger.releaseAll().filter((item) => item.isOwned);
    await Promise.all(
      owned.map((item) => this.ledger.deleteRemote(item.subscription.subscriptionId)),
    );
    if (generation === this.generation) this.runState.set({ kind: 'stopped', reason });
  }

  /**
   * Subscribes this tab to an existing subscription of the account (one it did not create).
   * If its deviceId is not this tab's client id, CloudLink closes the socket on SUBSCRIBE,
   * and the diagnosis says so.
   */
  attachSubscription(subscription: Subscription): void {
    this.ledger.clearNotice();
    if (!this.ledger.attach(subscription)) return;
    const state = this.runState();
    if (state.kind === 'live') {
      void this.subscribeWhileLive(this.generation);
    } else if (!isRunning(state)) {
      this.noteStart(Date.now());
      this.begin(1);
    }
  }

  async signOut(): Promise<void> {
    if (this.subscriptions().length > 0) await this.stop();
    this.ledger.forgetRemembered();
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
    this.halt(null);
    const ids = this.ledger
      .releaseAll()
      .filter((item) => item.isOwned)
      .map((item) => item.subscription.subscriptionId);
    this.ledger.deleteOnPageHide(ids);
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
      if (this.lostAt !== null) this.journal.noteReconnect(this.lostAt, connected.sessionPresent);
      this.lostAt = null;
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
        const next = this.subscriptions().find(
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
        for (const resolve of this.subscribedWaiters.get(id) ?? []) resolve();
        this.subscribedWaiters.delete(id);
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
    const refused = this.subscribingId ? this.ledger.find(this.subscribingId) : undefined;
    const context: FailureContext = {
      phase,
      clientId: this.identity.clientId,
      subscriptionId: this.subscribingId,
      deviceId: refused?.subscription.deviceId ?? null,
      urlAgeMs,
      notificationsBaseUrl: this.notificationsBaseUrl,
    };
    const diagnosis = diagnose(error, context);
    this.journal.recordFailure(diagnosis, phase, error);
    if (this.runState().kind === 'live') this.lostAt ??= Date.now();
    if (isHandshakeFailure(error, phase) && this.lastUri) {
      void this.journal.probeSpentUrl(this.lastUri);
    }
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
    await this.sweeper.sweep((id) => this.ledger.ids().has(id));
  }

  private receive(batch: MessageBatch): void {
    this.events.ingest(batch);
    if (this.isAwaitingFirstEvent && batch.perTopic.length > 0) {
      this.isAwaitingFirstEvent = false;
      this.journal.noteFirstEvent(batch.perTopic[0][0], this.runStartedAt);
      this.runStartedAt = null;
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
    this.ledger.releaseAll();
    this.runState.set({ kind: 'stopped', reason: null });
  }
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
