import { FrameScheduler } from '../frame-scheduler';

/** Frames happen when the test says so. */
export class ManualFrameScheduler implements FrameScheduler {
  private callbacks: (() => void)[] = [];

  get pendingCount(): number {
    return this.callbacks.length;
  }

  schedule(callback: () => void): void {
    this.callbacks.push(callback);
  }

  runFrame(): void {
    const due = this.callbacks;
    this.callbacks = [];
    due.forEach((callback) => callback());
  }
}
