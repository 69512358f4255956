import { InjectionToken } from '@angular/core';

/**
 * Runs a callback before the next paint. Hidden tabs get no animation frames, so a timer
 * stands in after `FALLBACK_MS`: otherwise a background tab would queue events unbounded.
 */
export interface FrameScheduler {
  schedule(callback: () => void): void;
}

export const FALLBACK_MS = 250;

export const FRAME_SCHEDULER = new InjectionToken<FrameScheduler>('FRAME_SCHEDULER', {
  providedIn: 'root',
  factory: () => new AnimationFrameScheduler(),
});

export class AnimationFrameScheduler implements FrameScheduler {
  schedule(callback: () => void): void {
    let isDone = false;
    const run = () => {
      if (isDone) return;
      isDone = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      callback();
    };
    const frame = requestAnimationFrame(run);
    const timer = setTimeout(run, FALLBACK_MS);
  }
}
