import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Subscription } from '../cloudlink/subscription';

/** Subscriptions on the account that this tab does not hold: subscribe here, or delete. */
@Component({
  selector: 'sb-other-subscriptions',
  imports: [MatButtonModule],
  template: `
    <h3 id="other-subscriptions-title">Other subscriptions on this account</h3>
    @if (error(); as message) {
      <p class="error" role="alert">Could not list the account's subscriptions: {{ message }}</p>
    }
    @if (subscriptions().length === 0) {
      <p class="empty">None.</p>
    } @else {
      <ul aria-labelledby="other-subscriptions-title">
        @for (item of subscriptions(); track item.subscriptionId) {
          <li>
            <div class="what">
              <code class="filter">{{ item.subjectFilter }}</code>
              <span class="meta">
                {{ item.topic }} · device {{ item.deviceId ?? 'unknown' }} ·
                <span class="id">{{ item.subscriptionId }}</span>
              </span>
            </div>
            <button
              mat-button
              type="button"
              [attr.aria-label]="'Subscribe here to ' + item.subscriptionId"
              (click)="attached.emit(item)"
            >
              Subscribe here
            </button>
            <button
              mat-button
              type="button"
              [attr.aria-label]="'Delete subscription ' + item.subscriptionId"
              (click)="deleted.emit(item.subscriptionId)"
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
export class OtherSubscriptions {
  readonly subscriptions = input.required<readonly Subscription[]>();
  readonly error = input<string | null>(null);
  readonly attached = output<Subscription>();
  readonly deleted = output<string>();
}
