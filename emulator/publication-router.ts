import { JSONPath } from 'jsonpath-plus';
import type { DemoAccount } from './demo-account.js';
import { endpointOfSubject, envelopeFor, type Publication } from './publication.js';
import type { Subscription, SubscriptionRegistry } from './subscription-registry.js';

/** Where matched publications go: the MQTT broker, addressed by subscription id. */
export interface PublicationSink {
  publish(topic: string, payload: string): Promise<void>;
}

/**
 * Decides which subscriptions a publication reaches and hands one envelope per match to
 * the broker. Matching follows the contract: same topic, the subject filter as an
 * unanchored RegExp, the JSONPath publication filter over { publications: [p] }, the
 * method filter, and the owner being allowed to see the endpoint at all.
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
    const { view, owner, subjectPattern } = subscription;
    if (view.topic !== publication.topic) return false;
    if (view.methodFilter !== undefined && view.methodFilter !== publication.method) return false;
    if (!subjectPattern.test(publication.subject)) return false;
    const endpointId = endpointOfSubject(publication.subject);
    if (endpointId === undefined || !this.account.canSee(owner, endpointId)) return false;
    return (
      view.publicationFilter === undefined ||
      this.passesJsonPath(view.publicationFilter, publication)
    );
  }

  private passesJsonPath(filter: string, publication: Publication): boolean {
    try {
      const found: unknown = JSONPath({
        path: filter,
        json: { publications: [publication] },
        wrap: true,
        ignoreEvalErrors: true,
      });
      return Array.isArray(found) && found.length > 0;
    } catch {
      // Filters are checked when the subscription is created, so this is unreachable in
      // practice; treating a failure as "no match" keeps one bad filter from stopping others.
      return false;
    }
  }
}
