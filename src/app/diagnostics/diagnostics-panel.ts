import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { DiagnosticsTimeline, TimelineEntry } from '../session/diagnostics-timeline';
import { SessionSupervisor } from '../session/session-supervisor';
import { formatClock } from '../feed/event-format';

/** Entries shown in the panel, newest first (the timeline keeps more). */
const SHOWN_ENTRIES = 60;

/** Each step of the session, with its duration and result; and, on failure, what it means. */
@Component({
  selector: 'sb-diagnostics-panel',
  imports: [MatButtonModule, RouterLink],
  templateUrl: './diagnostics-panel.html',
  styleUrl: './diagnostics-panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'region', 'aria-labelledby': 'diagnostics-title' },
})
export class DiagnosticsPanel {
  private readonly timeline = inject(DiagnosticsTimeline);
  private readonly supervisor = inject(SessionSupervisor);

  /** The MQTT client id shown; CloudLink's by default, direct mode passes its own. */
  readonly clientId = input<string | null>(null);
  protected readonly shownClientId = computed(() => this.clientId() ?? this.supervisor.clientId);
  protected readonly failure = computed(() => {
    const state = this.supervisor.state();
    return state.kind === 'failed' ? state : null;
  });
  protected readonly entries = computed(() =>
    this.timeline.entries().slice(-SHOWN_ENTRIES).reverse(),
  );
  protected readonly formatClock = formatClock;

  protected duration(entry: TimelineEntry): string {
    if (entry.durationMs === null) return entry.outcome === 'running' ? '…' : '';
    return entry.durationMs < 1000
      ? `${entry.durationMs} ms`
      : `${(entry.durationMs / 1000).toFixed(1)} s`;
  }

  protected clear(): void {
    this.timeline.clear();
  }
}
