import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ActiveSubscription } from '../session/subscription-ledger';
import { SubscriptionActivityView } from './subscription-activity';

const SHORT_ID_LENGTH = 8;

/**
 * The subscriptions this tab holds: filters, owner marker, colour tag, events and rate,
 * and per subscription Pause/Resume (its events stay stored, hidden from the feed), Edit
 * and Delete; "Delete all mine" removes every one this tab created.
 */
@Component({
  selector: 'sb-subscription-list',
  imports: [MatButtonModule, DecimalPipe],
  template: `
    <div class="heading">
      <h3 id="active-subscriptions-title">Active subscriptions</h3>
      @if (ownedCount() > 1) {
        @if (isConfirming()) {
          <span class="confirm" role="group" aria-label="Confirm deleting all mine">
            Delete {{ ownedCount() }} subscriptions?
            <button mat-flat-button type="button" (click)="confirmDeleteAll()">Delete them</button>
            <button mat-button type="button" (click)="isConfirming.set(false)">Keep</button>
          </span>
        } @else {
          <button mat-button type="button" (click)="isConfirming.set(true)">
            Delete all mine ({{ ownedCount() }})
          </button>
        }
      }
    </div>
    @if (subscriptions().length === 0) {
      <p class="empty">None yet. Create one above to start the live session.</p>
    } @else {
      <ul aria-labelledby="active-subscriptions-title">
        @for (item of subscriptions(); track item.subscription.subscriptionId) {
          @let id = item.subscription.subscriptionId;
          @let view = activity().get(id);
          <li [class.paused]="view?.isPaused" [attr.data-subscription-id]="id">
            <span
              class="tag"
              [style.background]="view?.colour ?? 'transparent'"
              aria-hidden="true"
            ></span>
            <div class="what">
              <code class="filter">{{ item.subscription.subjectFilter }}</code>
              <span class="meta">
                {{ item.subscription.topic }}
                @if (item.subscription.methodFilter) {
                  · {{ item.subscription.methodFilter }}
                }
                @if (item.subscription.publicationFilter) {
                  · <code>{{ item.subscription.publicationFilter }}</code>
                }
              </span>
              <span class="meta">
                @let received = view?.received ?? counts().get(id) ?? 0;
                <span class="count">{{ received }} {{ received === 1 ? 'event' : 'events' }}</span>
                · {{ view?.rate ?? 0 | number: '1.0-1' }}/s ·
                {{ item.isOwned ? 'created by this tab' : 'attached' }}
                @if (view?.isPaused) {
                  · <strong class="paused-note">paused, {{ view?.heldWhilePaused }} held</strong>
                }
                · <span class="id" [title]="'Subscription id ' + id">{{ shortId(id) }}</span>
              </span>
            </div>
            <div class="actions">
              @if (view?.isPaused) {
                <button
                  mat-button
                  type="button"
                  [attr.aria-label]="'Resume subscription ' + item.subscription.subjectFilter"
                  (click)="resumed.emit(id)"
                >
                  Resume
                </button>
              } @else {
                <button
                  mat-button
                  type="button"
                  [attr.aria-label]="'Pause subscription ' + item.subscription.subjectFilter"
                  (click)="paused.emit(id)"
                >
                  Pause
                </button>
              }
              <button
                mat-button
                type="button"
                [attr.aria-label]="'Edit subscription ' + item.subscription.subjectFilter"
                (click)="edited.emit(item)"
              >
                Edit
              </button>
              <button
                mat-stroked-button
                type="button"
                [disabled]="deleting().includes(id)"
                [attr.aria-label]="'Delete subscription ' + item.subscription.subjectFilter"
                (click)="deleted.emit(id)"
              >
                Delete
              </button>
            </div>
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
  readonly activity = input<ReadonlyMap<string, SubscriptionActivityView>>(new Map());
  readonly deleting = input<readonly string[]>([]);
  readonly deleted = output<string>();
  readonly deletedAllMine = output<void>();
  readonly paused = output<string>();
  readonly resumed = output<string>();
  readonly edited = output<ActiveSubscription>();

  protected readonly isConfirming = signal(false);

  /** Ids are 32 hex digits; the start tells them apart here, the tooltip has them whole. */
  protected shortId(id: string): string {
    return id.length > SHORT_ID_LENGTH ? `${id.slice(0, SHORT_ID_LENGTH)}…` : id;
  }

  protected confirmDeleteAll(): void {
    this.isConfirming.set(false);
    this.deletedAllMine.emit();
  }

  protected readonly ownedCount = computed(
    () => this.subscriptions().filter((item) => item.isOwned).length,
  );
}
