import { Injectable, inject, signal } from '@angular/core';
import { NotificationsApi } from '../cloudlink/notifications-api';
import { Subscription, SubscriptionSpec } from '../cloudlink/subscription';
import { DiagnosticsTimeline } from './diagnostics-timeline';
import { TabIdentity } from './tab-identity';

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
 * The subscriptions this tab holds and the REST calls that make and remove them, each a
 * step on the diagnostics timeline. What Start recreates after a Stop is remembered here.
 * The supervisor decides when; this class does the bookkeeping.
 */
@Injectable({ providedIn: 'root' })
export class SubscriptionLedger {
  private readonly api = inject(NotificationsApi);
  private readonly identity = inject(TabIdentity);
  private readonly timeline = inject(DiagnosticsTimeline);
  private readonly active = signal<readonly ActiveSubscription[]>([]);
  private readonly remembered = signal<readonly SubscriptionSpec[]>([]);
  private readonly noticeState = signal<string | null>(null);

  private readonly remoteChangesState = signal(0);
  readonly subscriptions = this.active.asReadonly();
  /** Bumps when a DELETE this tab sent has finished: the account's list is then stale. */
  readonly remoteChanges = this.remoteChangesState.asReadonly();
  readonly rememberedSpecs = this.remembered.asReadonly();
  /** A problem that did not stop the session (a delete that failed, say). */
  readonly notice = this.noticeState.asReadonly();

  find(subscriptionId: string): ActiveSubscription | undefined {
    return this.active().find((item) => item.subscription.subscriptionId === subscriptionId);
  }

  ids(): Set<string> {
    return new Set(this.active().map((item) => item.subscription.subscriptionId));
  }

  clearNotice(): void {
    this.noticeState.set(null);
  }

  /** POST /subscriptions with this tab as the device; the new one is held and owned. */
  async create(spec: SubscriptionSpec): Promise<Subscription> {
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
    this.hold({ subscription: value, createdAt: Date.now(), isOwned: true });
    return value;
  }

  /** Holds an existing subscription of the account; false when already held. */
  attach(subscription: Subscription): boolean {
    if (this.find(subscription.subscriptionId)) return false;
    this.hold({ subscription, createdAt: Date.now(), isOwned: false });
    return true;
  }

  remember(spec: SubscriptionSpec): void {
    this.remembered.update((specs) => [...specs, spec]);
  }

  forgetRemembered(): void {
    this.remembered.set([]);
  }

  /** Stops holding one subscription (and forgets it for Start); returns what was held. */
  release(subscriptionId: string): ActiveSubscription | undefined {
    const entry = this.find(subscriptionId);
    if (!entry) return undefined;
    this.active.update((list) => list.filter((item) => item !== entry));
    this.remembered.update((specs) => withoutFirst(specs, entry.subscription));
    return entry;
  }

  /** Stops holding everything; returns what was held. */
  releaseAll(): readonly ActiveSubscription[] {
    const list = this.active();
    this.active.set([]);
    return list;
  }

  /** DELETE /subscriptions/{id}; a failure becomes the notice, never an exception. */
  async deleteRemote(subscriptionId: string): Promise<void> {
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
    } finally {
      this.remoteChangesState.update((count) => count + 1);
    }
  }

  /** Deletes with keepalive requests that outlive the page (pagehide). */
  deleteOnPageHide(subscriptionIds: readonly string[]): void {
    if (subscriptionIds.length > 0) this.api.deleteOnPageHide(subscriptionIds);
  }

  private hold(entry: ActiveSubscription): void {
    this.active.update((list) => [...list, entry]);
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
