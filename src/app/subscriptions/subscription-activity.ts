import { DestroyRef, Injectable, computed, effect, inject, signal } from '@angular/core';
import { Subscription, SubscriptionSpec } from '../cloudlink/subscription';
import { LiveEvents } from '../events/live-events';
import { SessionSupervisor } from '../session/session-supervisor';
import { SubscriptionColours } from './subscription-colours';

/** The rate is events received over this window, sampled once a second. */
export const RATE_WINDOW_MS = 10_000;
const SAMPLE_MS = 1000;

interface Sample {
  readonly at: number;
  readonly counts: ReadonlyMap<string, number>;
}

/** What the list shows about one held subscription beyond its filters. */
export interface SubscriptionActivityView {
  readonly colour: string;
  readonly received: number;
  /** Events per second over the last RATE_WINDOW_MS. */
  readonly rate: number;
  readonly isPaused: boolean;
  /** Received since it was paused (they are stored, only hidden from the feed). */
  readonly heldWhilePaused: number;
}

/**
 * Per-subscription bookkeeping for the manager and the feed: the colour of each held
 * subscription (SubscriptionColours), its event count and rate, and pause: a paused subscription's events are kept but hidden from the feed until resumed.
 */
@Injectable({ providedIn: 'root' })
export class SubscriptionActivity {
  private readonly live = inject(LiveEvents);
  private readonly supervisor = inject(SessionSupervisor);
  private readonly colours = inject(SubscriptionColours);
  /** Subscription id → its received count when paused. */
  private readonly paused = signal<ReadonlyMap<string, number>>(new Map());
  private readonly samples = signal<readonly Sample[]>([]);

  /** The held subscriptions that are paused (a pause ends with its subscription). */
  readonly pausedIds = computed(
    () =>
      new Set(
        this.supervisor
          .subscriptions()
          .map((item) => item.subscription.subscriptionId)
          .filter((id) => this.paused().has(id)),
      ),
  );

  readonly views = computed<ReadonlyMap<string, SubscriptionActivityView>>(() => {
    const counts = this.live.receivedBySubscription();
    const paused = this.paused();
    const samples = this.samples();
    const oldest = samples[0];
    const now = samples[samples.length - 1];
    const views = new Map<string, SubscriptionActivityView>();
    for (const { subscription } of this.supervisor.subscriptions()) {
      const id = subscription.subscriptionId;
      const received = counts.get(id) ?? 0;
      const pausedAt = paused.get(id);
      let rate = 0;
      if (oldest && now && now.at > oldest.at) {
        const delta = (now.counts.get(id) ?? 0) - (oldest.counts.get(id) ?? 0);
        rate = (delta * 1000) / (now.at - oldest.at);
      }
      views.set(id, {
        colour: this.colours.colourOf(id),
        received,
        rate,
        isPaused: pausedAt !== undefined,
        heldWhilePaused: pausedAt === undefined ? 0 : Math.max(0, received - pausedAt),
      });
    }
    return views;
  });

  constructor() {
    effect(() =>
      this.colours.hold(this.supervisor.subscriptions().map((s) => s.subscription.subscriptionId)),
    );
    effect(() => this.live.setHiddenSubscriptions(this.pausedIds()));
    const timer = setInterval(() => this.sample(), SAMPLE_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  /**
   * Edit: the supervisor swaps the subscription (create, SUBACK, delete the old); the new
   * one takes the old one's place here: same colour, paused if it was.
   */
  async replace(oldId: string, spec: SubscriptionSpec): Promise<Subscription> {
    const colour = this.colours.colourOf(oldId);
    const wasPaused = this.paused().has(oldId);
    const created = await this.supervisor.replaceSubscription(oldId, spec);
    this.colours.assign(created.subscriptionId, colour);
    if (wasPaused) this.pause(created.subscriptionId);
    return created;
  }

  pause(subscriptionId: string): void {
    const received = this.live.receivedBySubscription().get(subscriptionId) ?? 0;
    this.paused.update((paused) => new Map(paused).set(subscriptionId, received));
  }

  resume(subscriptionId: string): void {
    this.paused.update((paused) => {
      const next = new Map(paused);
      next.delete(subscriptionId);
      return next;
    });
  }

  private sample(): void {
    const at = Date.now();
    const counts = this.live.receivedBySubscription();
    this.samples.update((samples) => [
      ...samples.filter((sample) => at - sample.at <= RATE_WINDOW_MS),
      { at, counts },
    ]);
  }
}
