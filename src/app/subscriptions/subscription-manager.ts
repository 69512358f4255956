import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { CloudLinkError } from '../cloudlink/cloudlink-error';
import { Subscription, SubscriptionSpec } from '../cloudlink/subscription';
import { LiveEvents } from '../events/live-events';
import { SessionSupervisor } from '../session/session-supervisor';
import { AccountSubscriptions } from './account-subscriptions';
import { EndpointDirectory } from './endpoint-directory';
import { OtherSubscriptions } from './other-subscriptions';
import { SubscriptionForm } from './subscription-form';
import { SubscriptionList } from './subscription-list';

/** Creates subscriptions for this tab and lists the ones it holds. */
@Component({
  selector: 'sb-subscription-manager',
  imports: [SubscriptionForm, SubscriptionList, OtherSubscriptions],
  template: `
    <h2 id="subscriptions-title">Subscriptions</h2>
    <sb-subscription-form
      [endpoints]="endpoints()"
      [isSubmitting]="isCreating()"
      [error]="createError()"
      (submitted)="create($event)"
    />
    @if (notice(); as text) {
      <p class="notice" role="status">{{ text }}</p>
    }
    <sb-subscription-list
      [subscriptions]="subscriptions()"
      [counts]="counts()"
      [deleting]="deleting()"
      (deleted)="remove($event)"
    />
    <sb-other-subscriptions
      [subscriptions]="account.others()"
      [error]="account.error()"
      (attached)="attach($event)"
      (deleted)="removeOther($event)"
    />
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    h2 {
      font: var(--mat-sys-title-medium);
      margin: 0;
    }
    .notice {
      margin: 0;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'region', 'aria-labelledby': 'subscriptions-title' },
})
export class SubscriptionManager {
  private readonly supervisor = inject(SessionSupervisor);
  protected readonly account = inject(AccountSubscriptions);
  protected readonly endpoints = inject(EndpointDirectory).endpoints;
  protected readonly counts = inject(LiveEvents).receivedBySubscription;
  protected readonly subscriptions = this.supervisor.subscriptions;
  protected readonly notice = this.supervisor.notice;
  protected readonly isCreating = signal(false);
  protected readonly createError = signal<string | null>(null);
  protected readonly deleting = signal<readonly string[]>([]);

  protected async create(spec: SubscriptionSpec): Promise<void> {
    this.isCreating.set(true);
    this.createError.set(null);
    try {
      await this.supervisor.createSubscription(spec);
    } catch (error) {
      this.createError.set(
        `Could not create the subscription: ${error instanceof CloudLinkError ? error.summary : String(error)}`,
      );
    } finally {
      this.isCreating.set(false);
    }
  }

  protected attach(subscription: Subscription): void {
    this.supervisor.attachSubscription(subscription);
  }

  protected async removeOther(subscriptionId: string): Promise<void> {
    await this.account.remove(subscriptionId);
  }

  protected async remove(subscriptionId: string): Promise<void> {
    this.deleting.update((ids) => [...ids, subscriptionId]);
    try {
      await this.supervisor.deleteSubscription(subscriptionId);
    } finally {
      this.deleting.update((ids) => ids.filter((id) => id !== subscriptionId));
    }
  }
}
