import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { SessionState, describeSession } from './session-state';

/** Ticks once a second while a countdown is on screen. */
const COUNTDOWN_TICK_MS = 1000;

/** The always-visible answer to "where is the session?". */
@Component({
  selector: 'sb-session-status',
  template: `
    <span class="dot" aria-hidden="true"></span>
    <span class="text">{{ label().text }}</span>
    @if (label().detail; as detail) {
      &ngsp;<span class="detail">{{ detail }}</span>
    }
  `,
  styleUrl: './session-status.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    role: 'status',
    'aria-label': 'Session status',
    'aria-live': 'polite',
    '[attr.data-tone]': 'label().tone',
    '[attr.data-state]': 'state().kind',
  },
})
export class SessionStatus {
  readonly state = input.required<SessionState>();
  private readonly now = signal(Date.now());
  protected readonly label = computed(() => describeSession(this.state(), this.now()));

  constructor() {
    const destroyRef = inject(DestroyRef);
    let timer: ReturnType<typeof setInterval> | undefined;
    effect(() => {
      clearInterval(timer);
      if (this.state().kind === 'reconnecting') {
        this.now.set(Date.now());
        timer = setInterval(() => this.now.set(Date.now()), COUNTDOWN_TICK_MS);
      }
    });
    destroyRef.onDestroy(() => clearInterval(timer));
  }
}
