import { DecimalPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { formatClock } from '../../feed/event-format';
import { LiveEvents } from '../../events/live-events';
import { sampledSignal } from '../../events/sampled-signal';
import { FilterPair } from '../filter-matching';
import { runDryRun } from './dry-run';

/** Shown in the list; the count covers all of them. */
const LISTED = 50;
/** How often the dry run follows new arrivals (the filters themselves apply at once). */
const REFRESH_MS = 2000;

/**
 * The dry run: what this filter pair would have delivered from the events already
 * received in this session, as a count and a list.
 */
@Component({
  selector: 'sb-dry-run-panel',
  imports: [DecimalPipe, MatButtonToggleModule],
  template: `
    @let result = outcome();
    @if (result === null) {
      <p class="summary">Fix the filters above to see what they would deliver.</p>
    } @else if (result.retained === 0) {
      <p class="summary">
        No events received in this session yet. Start a subscription (the demo calls flow through
        it) and the dry run shows what this filter would have delivered.
      </p>
    } @else {
      <p class="summary" role="status">
        <strong class="delivered-count">{{ result.delivered.length | number }}</strong>
        of the {{ result.checked | number }}
        {{ result.checked < result.retained ? 'newest' : '' }} events received in this session would
        have been delivered.
        @if (result.passPublicationFilter !== null) {
          The publication filter alone passes {{ result.passPublicationFilter.length | number }}
          of them.
        }
      </p>
      @if (result.passPublicationFilter !== null) {
        <mat-button-toggle-group
          class="which"
          [value]="which()"
          (change)="which.set($event.value)"
          aria-label="Which events to list"
          hideSingleSelectionIndicator
        >
          <mat-button-toggle value="delivered">Delivered by both filters</mat-button-toggle>
          <mat-button-toggle value="publication">Passing the publication filter</mat-button-toggle>
        </mat-button-toggle-group>
      }
      @let byPublication = which() === 'publication' && result.passPublicationFilter !== null;
      @let shown = byPublication ? result.passPublicationFilter! : result.delivered;
      @if (shown.length > 0) {
        <ul
          class="delivered"
          [attr.aria-label]="
            byPublication
              ? 'Events the publication filter passes'
              : 'Events the filters would have delivered'
          "
        >
          @for (event of shown.slice(0, listed); track event.key) {
            <li>
              <span class="time">{{ clock(event.occurredAt ?? event.receivedAt) }}</span>
              <span class="state">{{ event.state ?? '—' }}</span>
              <code class="subject">{{ event.subject }}</code>
              <span class="parties">{{ event.from ?? '—' }} → {{ event.to ?? '—' }}</span>
            </li>
          }
        </ul>
        @if (shown.length > listed) {
          <p class="more">and {{ shown.length - listed | number }} more.</p>
        }
      }
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .which {
      margin-bottom: 8px;
    }
    .summary,
    .more {
      margin: 0 0 8px;
    }
    .delivered {
      list-style: none;
      margin: 0;
      padding: 0;
      max-height: 280px;
      overflow: auto;
      font: var(--mat-sys-body-small);
    }
    li {
      display: grid;
      grid-template-columns: 7.5em 6.5em minmax(0, 1.2fr) minmax(0, 1fr);
      gap: 8px;
      padding: 2px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .subject {
      font-size: 12px;
    }
    .subject,
    .parties {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DryRunPanel {
  /** The filters to try, or null while they have a problem. */
  readonly filters = input.required<FilterPair | null>();

  private readonly live = inject(LiveEvents);
  /** Events received so far, sampled: the dry run follows arrivals, and idles without. */
  private readonly received = sampledSignal(() => this.live.receivedSoFar(), REFRESH_MS);
  protected readonly which = signal<'delivered' | 'publication'>('delivered');
  protected readonly listed = LISTED;
  protected readonly clock = formatClock;

  protected readonly outcome = computed(() => {
    const filters = this.filters();
    this.received();
    if (filters === null) return null;
    return untracked(() => runDryRun(filters, this.live.recent(Number.MAX_SAFE_INTEGER)));
  });
}
