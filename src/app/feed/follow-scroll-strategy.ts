import { ListRange } from '@angular/cdk/collections';
import { CdkVirtualScrollViewport, VirtualScrollStrategy } from '@angular/cdk/scrolling';
import { Subject, distinctUntilChanged } from 'rxjs';

/** Rows rendered beyond the visible ones, on each side, so fast scrolling shows no gap. */
const BUFFER_ROWS = 5;

/**
 * A fixed-row-height strategy for a list that grows every frame. The CDK's own fixed-size
 * strategy re-reads the scroll offset on every data change, and reading `scrollTop` right
 * after the DOM changed forces a synchronous layout: at thousands of events a second that
 * was the page's biggest cost. This one reads the offset only when the list scrolls (layout
 * is settled then) and reuses it when the data grows.
 */
export class FollowScrollStrategy implements VirtualScrollStrategy {
  private viewport: CdkVirtualScrollViewport | null = null;
  private offset = 0;
  private readonly indexChanges = new Subject<number>();

  readonly scrolledIndexChange = this.indexChanges.pipe(distinctUntilChanged());

  constructor(private readonly rowHeight: number) {}

  attach(viewport: CdkVirtualScrollViewport): void {
    this.viewport = viewport;
    this.offset = viewport.measureScrollOffset();
    this.update();
  }

  detach(): void {
    this.indexChanges.complete();
    this.viewport = null;
  }

  onContentScrolled(): void {
    if (this.viewport) this.offset = this.viewport.measureScrollOffset();
    this.update();
  }

  onDataLengthChanged(): void {
    this.update();
  }

  onContentRendered(): void {
    // Rows have a fixed height: nothing to measure.
  }

  onRenderedOffsetChanged(): void {
    // The offset is set from the range, never read back.
  }

  scrollToIndex(index: number, behavior: ScrollBehavior): void {
    this.offset = index * this.rowHeight;
    this.viewport?.scrollToOffset(this.offset, behavior);
    this.update();
  }

  private update(): void {
    const viewport = this.viewport;
    if (!viewport) return;
    const length = viewport.getDataLength();
    viewport.setTotalContentSize(length * this.rowHeight);
    const range = visibleRange(this.offset, viewport.getViewportSize(), this.rowHeight, length);
    viewport.setRenderedRange(range);
    viewport.setRenderedContentOffset(range.start * this.rowHeight);
    this.indexChanges.next(Math.floor(this.offset / this.rowHeight));
  }
}

/** The rows to render for a scroll offset: the visible ones plus a buffer on each side. */
export function visibleRange(
  offset: number,
  viewportHeight: number,
  rowHeight: number,
  length: number,
): ListRange {
  const first = Math.floor(Math.max(0, offset) / rowHeight);
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const start = Math.max(0, Math.min(first - BUFFER_ROWS, length - visible - BUFFER_ROWS));
  const end = Math.min(length, first + visible + BUFFER_ROWS);
  return { start: Math.max(0, start), end: Math.max(Math.max(0, start), end) };
}
