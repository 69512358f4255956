import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { CALL_CAUSES, CALL_STATES, DIRECTIONS } from '../events/call-event';
import { FeedFilter, NO_FILTER, isFilterEmpty } from '../events/feed-filter';

/** Typing settles this long before the filter applies (a rebuild scans the whole store). */
const TEXT_DEBOUNCE_MS = 200;

/** The live filter's controls: free text, state, direction, endpoint, cause. */
@Component({
  selector: 'sb-feed-filter-bar',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  templateUrl: './feed-filter-bar.html',
  styleUrl: './feed-filter-bar.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'search', 'aria-label': 'Filter call events' },
})
export class FeedFilterBar {
  readonly filter = input.required<FeedFilter>();
  readonly endpoints = input<readonly string[]>([]);
  readonly filterChange = output<FeedFilter>();

  protected readonly states = CALL_STATES;
  protected readonly directions = DIRECTIONS;
  protected readonly causes = CALL_CAUSES;
  protected readonly text = signal('');
  protected readonly isEmpty = isFilterEmpty;
  private textTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    // The URL (or a reset) may change the filter from outside: show it.
    effect(() => this.text.set(this.filter().text));
    inject(DestroyRef).onDestroy(() => clearTimeout(this.textTimer));
  }

  protected typeText(value: string): void {
    this.text.set(value);
    clearTimeout(this.textTimer);
    this.textTimer = setTimeout(() => this.change({ text: value }), TEXT_DEBOUNCE_MS);
  }

  protected change(patch: Partial<FeedFilter>): void {
    this.filterChange.emit({ ...this.filter(), ...patch });
  }

  protected clear(): void {
    clearTimeout(this.textTimer);
    this.text.set('');
    this.filterChange.emit(NO_FILTER);
  }
}
