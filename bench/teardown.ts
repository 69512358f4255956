// Everything the benchmark starts registers how to stop it here, and is stopped in reverse
// order at the end: after a normal run, after a failure, and on Ctrl-C or SIGTERM.

type Stopper = () => Promise<void>;

/** One step of the teardown may hang (a browser that will not close); the rest still run. */
const STEP_TIMEOUT_MS = 15_000;

export class Teardown {
  private readonly stoppers: { what: string; stop: Stopper }[] = [];
  private running: Promise<void> | undefined;

  /** Registers `stop` and returns `value`, so starting and registering read as one line. */
  add<T>(what: string, value: T, stop: Stopper): T {
    this.stoppers.push({ what, stop });
    return value;
  }

  run(): Promise<void> {
    return (this.running ??= this.stopAll());
  }

  private async stopAll(): Promise<void> {
    for (const { what, stop } of this.stoppers.reverse()) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), STEP_TIMEOUT_MS);
      });
      try {
        await Promise.race([stop(), timeout]);
      } catch (error) {
        process.stderr.write(`Stopping ${what} failed: ${String(error)}\n`);
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
