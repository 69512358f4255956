import { randomBytes } from 'node:crypto';
import type { DemoUser } from './demo-account.js';
import { SubscriptionMatcher } from '../src/app/subscriptions/filter-matching.js';
import { parseSubscriptionRequest, type SubscriptionRequest } from './subscription-request.js';
import type { JsonObject } from './request-body.js';

/** A subscription as the REST API shows it. */
export interface SubscriptionView extends SubscriptionRequest {
  subscriptionId: string;
  accountId: string;
  userId: string;
  createdOn: string;
}

/** A subscription plus what delivery needs: its owner, compiled filter and counters. */
export interface Subscription {
  readonly view: SubscriptionView;
  readonly owner: DemoUser;
  /** The filters, compiled: the same matcher the console previews with. */
  readonly matcher: SubscriptionMatcher;
  /** publications routed to it (scripted calls and the simulator, not load) */
  matched: number;
  /** copies the internal broker wrote to a subscriber, QoS 0 and 1, resends included */
  delivered: number;
  /** QoS 1 copies a subscriber acknowledged (PUBACK), internal broker only */
  acked: number;
}

type RemovalListener = (subscriptionId: string) => void;

/** Every subscription of every user, in creation order. */
export class SubscriptionRegistry {
  private readonly byId = new Map<string, Subscription>();
  private readonly removalListeners: RemovalListener[] = [];

  /** Validates the body (400s name the field) and stores the subscription for its owner. */
  create(owner: DemoUser, body: JsonObject, now = new Date()): SubscriptionView {
    const request = parseSubscriptionRequest(body);
    const view: SubscriptionView = {
      subscriptionId: randomBytes(16).toString('hex'),
      ...request,
      accountId: owner.accountId,
      userId: owner.userId,
      createdOn: now.toISOString(),
    };
    this.byId.set(view.subscriptionId, {
      view,
      owner,
      matcher: new SubscriptionMatcher(request),
      matched: 0,
      delivered: 0,
      acked: 0,
    });
    return view;
  }

  get(subscriptionId: string): Subscription | undefined {
    return this.byId.get(subscriptionId);
  }

  /** Another user's subscription reads as absent, so ids of others cannot be probed. */
  findOwned(owner: DemoUser, subscriptionId: string): Subscription | undefined {
    const subscription = this.byId.get(subscriptionId);
    return subscription?.owner.userId === owner.userId ? subscription : undefined;
  }

  listOwned(owner: DemoUser): SubscriptionView[] {
    return this.all()
      .filter((s) => s.owner.userId === owner.userId)
      .map((s) => s.view);
  }

  all(): Subscription[] {
    return [...this.byId.values()];
  }

  deleteOwned(owner: DemoUser, subscriptionId: string): boolean {
    if (!this.findOwned(owner, subscriptionId)) return false;
    this.remove(subscriptionId);
    return true;
  }

  clear(): void {
    for (const id of [...this.byId.keys()]) this.remove(id);
  }

  resetCounters(): void {
    for (const subscription of this.byId.values()) {
      subscription.matched = 0;
      subscription.delivered = 0;
      subscription.acked = 0;
    }
  }

  /** Lets the MQTT side stop delivering the moment a subscription goes. */
  onRemoved(listener: RemovalListener): void {
    this.removalListeners.push(listener);
  }

  private remove(subscriptionId: string): void {
    this.byId.delete(subscriptionId);
    for (const listener of this.removalListeners) listener(subscriptionId);
  }
}
