import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { APP_CONFIG } from '../config/app-config';
import { LiveEvents } from '../events/live-events';
import { MqttError } from '../mqtt/mqtt-transport';
import { createMqttTransport } from '../mqtt/transport-factory';
import { reconnectDelay } from '../session/backoff';
import { DiagnosticsTimeline } from '../session/diagnostics-timeline';
import { diagnose } from '../session/failure-diagnosis';
import { SessionState } from '../session/session-state';
import { randomHex } from '../session/tab-identity';
import { maskUrl } from '../shared/mask-secrets';
import { brokerUrlProblem, topicFilterProblem } from './topic-filter';

export interface DirectSettings {
  readonly url: string;
  readonly topicFilter: string;
  readonly userName: string;
  /** Kept in memory for reconnects only; never in the URL or storage. */
  readonly password: string;
}

const KEEPALIVE_SEC = 60;
const CONNECT_TIMEOUT_SEC = 10;

/**
 * Direct MQTT mode: any MQTT 3.1.1 broker over WebSocket, one topic filter, optional
 * username and password. No CloudLink REST, so the URL does not expire: reconnects reuse it,
 * with the same backoff. CloudLink publications become call events in the same feed; other
 * payloads show as raw messages.
 */
@Injectable({ providedIn: 'root' })
export class DirectSession {
  private readonly transport = createMqttTransport(inject(APP_CONFIG), inject(DestroyRef));
  private readonly events = inject(LiveEvents);
  private readonly timeline = inject(DiagnosticsTimeline);
  private readonly stateSignal = signal<SessionState>({ kind: 'stopped', reason: null });
  private settings: DirectSettings | null = null;
  private generation = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  readonly state = this.stateSignal.asReadonly();
  readonly clientId = `sb-direct-${randomHex(12)}`;

  constructor() {
    this.transport.batches$.subscribe((batch) => this.events.ingest(batch));
    this.transport.connectionLost$.subscribe((error) => this.handleLoss(error));
    inject(DestroyRef).onDestroy(() => this.disconnect());
  }

  connect(settings: DirectSettings): void {
    const problem = directSettingsProblem(settings);
    if (problem) {
      this.stateSignal.set({ kind: 'failed', reason: 'Settings refused', advice: problem });
      return;
    }
    this.settings = settings;
    this.begin(1);
  }

  disconnect(): void {
    this.generation++;
    clearTimeout(this.reconnectTimer);
    this.transport.disconnect();
    this.settings = null;
    this.stateSignal.set({ kind: 'stopped', reason: null });
  }

  retryNow(): void {
    const state = this.stateSignal();
    if (state.kind === 'reconnecting') this.begin(state.attempt);
  }

  private begin(attempt: number): void {
    clearTimeout(this.reconnectTimer);
    void this.run(++this.generation, attempt);
  }

  private async run(generation: number, attempt: number): Promise<void> {
    const settings = this.settings;
    if (!settings) return;
    this.stateSignal.set({ kind: 'connecting', attempt });
    let phase: 'mqtt-connect' | 'subscribe' = 'mqtt-connect';
    try {
      await this.timeline.step(
        'mqtt-connect',
        `Direct MQTT connect as ${this.clientId}`,
        () =>
          this.transport.connect({
            uri: settings.url,
            clientId: this.clientId,
            keepAliveSec: KEEPALIVE_SEC,
            timeoutSec: CONNECT_TIMEOUT_SEC,
            cleanSession: true,
            userName: settings.userName || undefined,
            password: settings.password || undefined,
          }),
        () => ({
          detail: `${maskUrl(settings.url)}${settings.userName ? ' · with credentials' : ''}`,
        }),
      );
      if (generation !== this.generation) return;
      phase = 'subscribe';
      this.stateSignal.set({ kind: 'subscribing' });
      await this.timeline.step(
        'subscribe',
        `SUBSCRIBE ${settings.topicFilter}`,
        () => this.transport.subscribe(settings.topicFilter, 1),
        (qos) => ({ detail: `granted QoS ${qos}` }),
      );
      if (generation !== this.generation) return;
      this.stateSignal.set({ kind: 'live', since: Date.now() });
    } catch (error) {
      if (generation === this.generation) this.fail(error, phase, attempt);
    }
  }

  private handleLoss(error: MqttError): void {
    if (this.stateSignal().kind !== 'live') return;
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
    phase: 'mqtt-connect' | 'subscribe' | 'live',
    attempt: number,
  ): void {
    const diagnosis = diagnose(error, { phase, clientId: this.clientId });
    this.transport.disconnect();
    // In direct mode a socket closed on SUBSCRIBE is the broker's ACL, not a CloudLink deviceId.
    const isRefusedSubscribe = phase === 'subscribe' && diagnosis.isFatal;
    if (diagnosis.isFatal) {
      this.generation++;
      this.stateSignal.set({
        kind: 'failed',
        reason: isRefusedSubscribe ? 'Subscription refused by the broker' : diagnosis.reason,
        advice: isRefusedSubscribe
          ? 'The broker closed the connection on SUBSCRIBE: check that this user may read the topic filter (the broker\u2019s ACL).'
          : diagnosis.advice,
      });
      return;
    }
    const next = attempt + 1;
    const delay = reconnectDelay(next);
    this.stateSignal.set({
      kind: 'reconnecting',
      attempt: next,
      nextAt: Date.now() + delay,
      lastError: diagnosis.reason,
    });
    this.reconnectTimer = setTimeout(() => this.begin(next), delay);
  }
}

/** The first problem with the settings, in words, or null. */
export function directSettingsProblem(settings: DirectSettings): string | null {
  return brokerUrlProblem(settings.url) ?? topicFilterProblem(settings.topicFilter);
}
