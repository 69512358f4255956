import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Subscription } from '../cloudlink/subscription';
import { LiveEvents } from '../events/live-events';
import { SessionSupervisor } from '../session/session-supervisor';
import { ActiveSubscription } from '../session/subscription-ledger';
import { AccountSubscriptions } from './account-subscriptions';
import { draftToParams } from './filter-draft';
import { OtherSubscriptions } from './other-subscriptions';
import { SubscriptionActivity } from './subscription-activity';
import { SubscriptionList } from './subscription-list';

/**
 * The user's subscriptions: the ones this tab holds (colour, counts, rate, pause, edit,
 * delete) and the rest of the account's (subscribe here, delete). On the live page and in
 * the filter builder alike.
 */
@Component({
  selector: 'sb-managed-subscriptions',
  imports: [SubscriptionList, OtherSubscriptions],
  template: `
    <sb-subscription-list
      [subscriptions]="subscriptions()"
      [counts]="counts()"
      [activity]="activity.views()"
      [deleting]="deleting()"
      (deleted)="remove($event)"
      (deletedAllMine)="removeAllMine()"
      (paused)="activity.pause($event)"
      (resumed)="activity.resume($event)"
      (edited)="edit($event)"
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
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ManagedSubscriptions {
  private readonly supervisor = inject(SessionSupervisor);
  private readonly router = inject(Router);
  protected readonly account = inject(AccountSubscriptions);
  protected readonly activity = inject(SubscriptionActivity);
  protected readonly counts = inject(LiveEvents).receivedBySubscription;
  protected readonly subscriptions = this.supervisor.subscriptions;
  protected readonly deleting = signal<readonly string[]>([]);

  /** Edit happens in the filter builder, pre-filled; saving there swaps the subscription. */
  protected edit(item: ActiveSubscription): void {
    void this.router.navigate(['/subscriptions'], {
      queryParams: { ...draftToParams(item.subscription), edit: item.subscription.subscriptionId },
    });
  }

  protected attach(subscription: Subscription): void {
    this.supervisor.attachSubscription(subscription);
  }

  protected async removeOther(subscriptionId: string): Promise<void> {
    await this.account.remove(subscriptionId);
  }

  protected async removeAllMine(): Promise<void> {
    const mine = this.subscriptions().filter((item) => item.isOwned);
    await Promise.all(mine.map((item) => this.remove(item.subscription.subscriptionId)));
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
