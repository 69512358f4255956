import type { Chromium } from './chromium.js';

// One measured page over a raw DevTools session. Nothing is enabled: no Network, Page,
// Runtime or Log domain, so Chromium reports nothing per request, per frame or per console
// line. What the benchmark reads, it asks for: Runtime.evaluate (the page's own counters,
// DOM clicks and typing done by page script), HeapProfiler.collectGarbage and
// Runtime.getHeapUsage (neither needs its domain enabled).
//
// Workers (the app may run its MQTT client and parser in one) are attached to as well,
// again with nothing enabled, only so their heaps can be collected and read: a worker's
// heap is a separate V8 isolate that the page's own heap figure does not include.

/** How often a condition in the page is polled while waiting for it. */
const POLL_MS = 100;

export interface HeapFigures {
  /** the page's main-thread JS heap, bytes */
  pageBytes: number;
  /** all of its dedicated workers' JS heaps together, bytes */
  workerBytes: number;
  totalBytes: number;
  workers: number;
}

interface EvaluateResult {
  result: { value?: unknown; description?: string };
  exceptionDetails?: { text: string; exception?: { description?: string } };
}

export class CdpPage {
  private readonly workerSessions = new Set<string>();
  private readonly stopListening: (() => void)[] = [];

  private constructor(
    private readonly browser: Chromium,
    private readonly targetId: string,
    private readonly sessionId: string,
  ) {}

  /** Opens a blank tab in its own window (so no other tab ever hides it) and attaches. */
  static async open(browser: Chromium): Promise<CdpPage> {
    const { targetId } = await browser.send<{ targetId: string }>('Target.createTarget', {
      url: 'about:blank',
      newWindow: true,
    });
    const { sessionId } = await browser.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    const page = new CdpPage(browser, targetId, sessionId);
    page.followWorkers();
    await browser.send(
      'Target.setAutoAttach',
      { autoAttach: true, waitForDebuggerOnStart: false, flatten: true },
      sessionId,
    );
    return page;
  }

  /** Loads a URL and waits until the document (not the app) has loaded. */
  async goto(url: string, timeoutMs = 30_000): Promise<void> {
    const { errorText } = await this.browser.send<{ errorText?: string }>(
      'Page.navigate',
      { url },
      this.sessionId,
    );
    if (errorText) throw new Error(`Loading ${url} failed: ${errorText}`);
    await this.waitFor(
      `location.href !== 'about:blank' && document.readyState === 'complete'`,
      timeoutMs,
      `${url} to load`,
    );
  }

  /**
   * Runs an expression in the page and returns its value (promises are awaited). Errors in
   * the page come back as errors here, with the page's message.
   */
  async evaluate<T>(expression: string): Promise<T> {
    const reply = await this.browser.send<EvaluateResult>(
      'Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true, userGesture: true },
      this.sessionId,
    );
    if (reply.exceptionDetails) {
      const detail = reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text;
      throw new Error(`In the page: ${detail}`);
    }
    return reply.result.value as T;
  }

  /** Calls a function in the page with JSON arguments; its source is sent, not a closure. */
  call<T>(fn: string, ...args: unknown[]): Promise<T> {
    return this.evaluate<T>(`(${fn})(...${JSON.stringify(args)})`);
  }

  /** Polls an expression until it is truthy; throws with `what` when the time runs out. */
  async waitFor(expression: string, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.evaluate<boolean>(`Boolean(${expression})`).catch(() => false)) return;
      if (Date.now() > deadline)
        throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(POLL_MS);
    }
  }

  /** Any DevTools command on the page's session (the profiling script uses Profiler.*). */
  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    return this.browser.send<T>(method, params, this.sessionId);
  }

  /** Forces a full GC in the page and its workers, then reads their used JS heap. */
  async heapAfterGc(): Promise<HeapFigures> {
    const sessions = [this.sessionId, ...this.workerSessions];
    // Twice: the first pass can leave objects that only become garbage once finalizers ran.
    for (let pass = 0; pass < 2; pass++) {
      await Promise.all(
        sessions.map((s) => this.browser.send('HeapProfiler.collectGarbage', {}, s)),
      );
    }
    const used = async (session: string) =>
      (await this.browser.send<{ usedSize: number }>('Runtime.getHeapUsage', {}, session)).usedSize;
    const pageBytes = await used(this.sessionId);
    const workerSizes = await Promise.all(
      [...this.workerSessions].map((s) => used(s).catch(() => 0)),
    );
    const workerBytes = workerSizes.reduce((sum, size) => sum + size, 0);
    return {
      pageBytes,
      workerBytes,
      totalBytes: pageBytes + workerBytes,
      workers: this.workerSessions.size,
    };
  }

  async close(): Promise<void> {
    for (const stop of this.stopListening) stop();
    await this.browser
      .send('Target.closeTarget', { targetId: this.targetId })
      .catch(() => undefined);
  }

  private followWorkers(): void {
    this.stopListening.push(
      this.browser.on('Target.attachedToTarget', (params, parent) => {
        const info = params['targetInfo'] as { type: string };
        const sessionId = params['sessionId'] as string;
        if (parent !== this.sessionId) return;
        if (info.type === 'worker') {
          this.workerSessions.add(sessionId);
        } else {
          // Not something we measure (a service or shared worker, an iframe): let it run.
          void this.browser.send('Runtime.runIfWaitingForDebugger', {}, sessionId).catch(() => {});
        }
      }),
      this.browser.on('Target.detachedFromTarget', (params) => {
        this.workerSessions.delete(params['sessionId'] as string);
      }),
    );
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
