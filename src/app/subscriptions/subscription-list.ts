import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ActiveSubscription } from '../session/subscription-ledger';

/** The subscriptions this tab holds, each with its event count and a Delete button. */
@Component({
  selector: 'sb-subscription-list',
  imports: [MatButtonModule],
  template: `
    <h3 id="active-subscriptions-title">Active subscriptions</h3>
    @if (subscriptions().length === 0) {
      <p class="empty">None yet. Create one above to start the live session.</p>
    } @else {
      <ul aria-labelledby="active-subscriptions-title">
        @for (item of subscriptions(); track item.subscription.subscriptionId) {
          <li>
            <div class="what">
              <code class="filter">{{ item.subscription.subjectFilter }}</code>
              <span class="meta">
                {{ item.subscription.topic }}
                @if (item.subscription.publicationFilter) {
                  · {{ item.subscription.publicationFilter }}
                }
                · {{ counts().get(item.subscription.subscriptionId) ?? 0 }} events ·
                @if (!item.isOwned) {
                  attached ·
                }
                <span class="id">{{ item.subscription.subscriptionId }}</span>
              </span>
            </div>
            <button
              mat-stroked-button
              type="button"
              [disabled]="deleting().includes(item.subscription.subscriptionId)"
              [attr.aria-label]="'Delete subscription ' + item.subscription.subjectFilter"
              (click)="deleted.emit(item.subscription.subscriptionId)"
            >
              Delete
            </button>
          </li>
        }
      </ul>
    }
  `,
  styleUrl: './subscription-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubscriptionList {
  readonly subscriptions = input.required<readonly ActiveSubscription[]>();
  readonly counts = input<ReadonlyMap<string, number>>(new Map());
  readonly deleting = input<readonly string[]>([]);
  readonly deleted = output<string>();
}
