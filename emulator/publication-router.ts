import type { DemoAccount } from './demo-account.js';
import { endpointOfSubject, envelopeFor, type Publication } from './publication.js';
import type { Subscription, SubscriptionRegistry } from './subscription-registry.js';

/** Where matched publications go: the MQTT broker, addressed by subscription id. */
export interface PublicationSink {
  publish(topic: string, payload: string): Promise<void>;
}

/**
 * Decides which subscriptions a publication reaches and hands one envelope per match to
 * the broker. The filters (topic, subject, publication, method) mean what the console's
 * preview says they mean: both use SubscriptionMatcher. On top, the owner must be allowed
 * to see the endpoint at all.
 */
export class PublicationRouter {
  private publishedCount = 0;

  constructor(
    private readonly registry: SubscriptionRegistry,
    private readonly account: DemoAccount,
    private readonly sink: PublicationSink,
  ) {}

  get published(): number {
    return this.publishedCount;
  }

  resetCounters(): void {
    this.publishedCount = 0;
  }

  /** Resolves once the broker has taken every copy (not when clients have read them). */
  async route(publication: Publication): Promise<void> {
    this.publishedCount++;
    const deliveries: Promise<void>[] = [];
    for (const subscription of this.registry.all()) {
      if (!this.matches(subscription, publication)) continue;
      subscription.matched++;
      const { subscriptionId } = subscription.view;
      deliveries.push(this.sink.publish(subscriptionId, envelopeFor(publication, subscriptionId)));
    }
    await Promise.all(deliveries);
  }

  matches(subscription: Subscription, publication: Publication): boolean {
    if (!subscription.matcher.matches(publication)) return false;
    const endpointId = endpointOfSubject(publication.subject);
    return endpointId !== undefined && this.account.canSee(subscription.owner, endpointId);
  }
}
