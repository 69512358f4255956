import { Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { Authenticator } from '../auth/authenticator';
import { CloudLinkError } from '../cloudlink/cloudlink-error';
import { NotificationsApi } from '../cloudlink/notifications-api';
import { Subscription } from '../cloudlink/subscription';
import { SessionSupervisor } from '../session/session-supervisor';
import { SubscriptionLedger } from '../session/subscription-ledger';

/**
 * Every subscription of the signed-in user (GET /subscriptions), refreshed when this tab's
 * own set changes, so the manager can show what else exists on the account.
 */
@Injectable({ providedIn: 'root' })
export class AccountSubscriptions {
  private readonly api = inject(NotificationsApi);
  private readonly auth = inject(Authenticator);
  private readonly supervisor = inject(SessionSupervisor);
  private readonly ledger = inject(SubscriptionLedger);
  private readonly listed = signal<readonly Subscription[]>([]);
  private readonly errorState = signal<string | null>(null);
  private readonly loading = signal(false);
  private requests = 0;

  readonly all = this.listed.asReadonly();
  readonly error = this.errorState.asReadonly();
  readonly isLoading = this.loading.asReadonly();
  /** The account's subscriptions this tab does not hold. */
  readonly others = computed(() => {
    const held = new Set(
      this.supervisor.subscriptions().map((item) => item.subscription.subscriptionId),
    );
    return this.listed().filter((subscription) => !held.has(subscription.subscriptionId));
  });

  constructor() {
    effect(() => {
      const isSignedIn = this.auth.isSignedIn();
      this.supervisor.subscriptions();
      // A delete finishes after this tab lets go of the subscription: list again then.
      this.ledger.remoteChanges();
      if (isSignedIn) untracked(() => void this.refresh());
      else this.listed.set([]);
    });
  }

  async refresh(): Promise<void> {
    const request = ++this.requests;
    this.loading.set(true);
    try {
      const listed = await this.api.listSubscriptions();
      // An older answer arriving after a newer one would bring back what was deleted.
      if (request !== this.requests) return;
      this.listed.set(listed);
      this.errorState.set(null);
    } catch (error) {
      if (request !== this.requests) return;
      this.errorState.set(error instanceof CloudLinkError ? error.summary : String(error));
    } finally {
      if (request === this.requests) this.loading.set(false);
    }
  }

  async remove(subscriptionId: string): Promise<void> {
    try {
      await this.api.deleteSubscription(subscriptionId);
    } catch (error) {
      this.errorState.set(error instanceof CloudLinkError ? error.summary : String(error));
    }
    await this.refresh();
  }
}
