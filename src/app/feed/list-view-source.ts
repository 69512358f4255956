import { DataSource } from '@angular/cdk/collections';
import { BehaviorSubject, Observable } from 'rxjs';
import { CallEvent } from '../events/call-event';
import { ListView } from '../events/filtered-view';

/**
 * Feeds a ListView to the CDK virtual list. The list only reads `length` and
 * `slice(start, end)` of what it is given, so a view stands in for an array and each frame
 * costs the rows on screen, not the 100,000 behind them.
 */
export class ListViewSource extends DataSource<CallEvent> {
  private readonly views: BehaviorSubject<ListView>;

  constructor(initial: ListView) {
    super();
    this.views = new BehaviorSubject(initial);
  }

  show(view: ListView): void {
    if (view !== this.views.value) this.views.next(view);
  }

  connect(): Observable<readonly CallEvent[]> {
    return this.views as unknown as Observable<readonly CallEvent[]>;
  }

  disconnect(): void {
    // The subject outlives connections: the list may reconnect after a re-render.
  }
}
