import { Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { Authenticator } from '../auth/authenticator';
import { CloudLinkError } from '../cloudlink/cloudlink-error';
import { NotificationsApi } from '../cloudlink/notifications-api';
import { Subscription } from '../cloudlink/subscription';
import { SessionSupervisor } from '../session/session-supervisor';

/**
 * Every subscription of the signed-in user (GET /subscriptions), refreshed when this tab's
 * own set changes, so the manager can show what else exists on the account.
 */
@Injectable({ providedIn: 'root' })
export class AccountSubscriptions {
  private readonly api = inject(NotificationsApi);
  private readonly auth = inject(Authenticator);
  private readonly supervisor = inject(SessionSupervisor);
  private readonly listed = signal<readonly Subscription[]>([]);
  private readonly errorState = signal<string | null>(null);
  private readonly loading = signal(false);

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
      if (isSignedIn) untracked(() => void this.refresh());
      else this.listed.set([]);
    });
  }

  async refresh(): Promise<void> {
    this.loading.set(true);
    try {
      this.listed.set(await this.api.listSubscriptions());
      this.errorState.set(null);
    } catch (error) {
      this.errorState.set(error instanceof CloudLinkError ? error.summary : String(error));
    } finally {
      this.loading.set(false);
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
