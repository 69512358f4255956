import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

const WIDTH = 120;
const HEIGHT = 24;

/** Events per second over the last minutes, as a small line; the numbers are in its label. */
@Component({
  selector: 'sb-rate-sparkline',
  template: `
    <svg
      [attr.viewBox]="'0 0 ' + width + ' ' + height"
      [attr.width]="width"
      [attr.height]="height"
      role="img"
      [attr.aria-label]="label()"
    >
      <polyline [attr.points]="points()" fill="none" stroke="currentColor" stroke-width="1.5" />
    </svg>
    <span class="now">{{ current() }}/s</span>
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      color: var(--mat-sys-primary);
      font: var(--mat-sys-body-small);
    }
    .now {
      color: var(--mat-sys-on-surface);
      font-variant-numeric: tabular-nums;
      min-width: 48px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RateSparkline {
  /** Events per second, oldest first. */
  readonly series = input.required<readonly number[]>();

  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  /** The last complete second (the current one is still filling). */
  protected readonly current = computed(() => {
    const series = this.series();
    return Math.round(series.length > 1 ? series[series.length - 2] : (series[0] ?? 0));
  });
  protected readonly peak = computed(() => Math.max(0, ...this.series()));
  protected readonly label = computed(
    () =>
      `Events per second over the last ${Math.round(this.series().length / 60)} minutes: ` +
      `now ${this.current()}, peak ${Math.round(this.peak())}`,
  );
  protected readonly points = computed(() => sparklinePoints(this.series(), WIDTH, HEIGHT));
}

export function sparklinePoints(series: readonly number[], width: number, height: number): string {
  if (series.length === 0) return '';
  const peak = Math.max(1, ...series);
  const step = series.length > 1 ? width / (series.length - 1) : 0;
  return series
    .map((value, index) => {
      const x = (index * step).toFixed(1);
      const y = (height - 1 - (value / peak) * (height - 2)).toFixed(1);
      return `${x},${y}`;
    })
    .join(' ');
}
