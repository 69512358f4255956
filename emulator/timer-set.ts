/**
 * setTimeout with a registry, so that whoever owns the timers can cancel every pending one
 * at once (on reset or close) and leave no handle keeping the process alive.
 */
export class TimerSet {
  private readonly pending = new Map<NodeJS.Timeout, (() => void) | undefined>();
  private isClosed = false;

  /** Runs `action` after delayMs; once closed, cancels at once instead of starting a timer. */
  after(delayMs: number, action: () => void, onCancel?: () => void): void {
    if (this.isClosed) {
      onCancel?.();
      return;
    }
    const timer = setTimeout(
      () => {
        this.pending.delete(timer);
        action();
      },
      Math.max(0, delayMs),
    );
    this.pending.set(timer, onCancel);
  }

  /** Resolves true after delayMs, or false as soon as clear() cancels the wait. */
  wait(delayMs: number): Promise<boolean> {
    return new Promise((resolve) =>
      this.after(
        delayMs,
        () => resolve(true),
        () => resolve(false),
      ),
    );
  }

  get closed(): boolean {
    return this.isClosed;
  }

  clear(): void {
    const cancelled = [...this.pending];
    this.pending.clear();
    for (const [timer, onCancel] of cancelled) {
      clearTimeout(timer);
      onCancel?.();
    }
  }

  /** clear(), and refuse new timers: work still in flight when its owner closes starts none. */
  close(): void {
    this.isClosed = true;
    this.clear();
  }
}
