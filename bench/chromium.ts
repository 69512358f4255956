import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

// Debian's Chromium, started by hand and driven over --remote-debugging-pipe: no Playwright
// in between. Playwright attaches to every page target it sees and turns on its Network
// and Runtime reporting there (every WebSocket frame is copied to the test process), which
// cuts a bare Paho page's ceiling by three quarters; a raw DevTools connection enables
// only the domains this benchmark reads.

export const CHROMIUM = '/usr/bin/chromium';

/** A fixed, desktop-sized viewport, so the DOM node count means the same thing every run. */
export const WINDOW_SIZE = '1280,900';

const CHROMIUM_FLAGS = [
  '--headless',
  // Root in a container: the sandbox cannot start.
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  // The network is closed; these would otherwise fail noisily and use CPU mid-run.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  // performance.memory without the 100 kB quantisation, for anyone reading it in the page.
  '--enable-precise-memory-info',
  // A headless tab must get full-rate timers and animation frames, never a background
  // tab's budget: the app applies events once per frame.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  '--disable-features=IntensiveWakeUpThrottling,CalculateNativeWinOcclusion',
  // Chromium slows a renderer that floods the browser process with IPC; the benchmark's
  // stream is exactly that on purpose.
  '--disable-ipc-flooding-protection',
  '--disable-hang-monitor',
  `--window-size=${WINDOW_SIZE}`,
  '--remote-debugging-pipe',
];

/** Browser.close lets Chromium flush and exit; one still running after this is killed. */
const CLOSE_TIMEOUT_MS = 5000;
/** How long a DevTools command may take before the benchmark calls it a hang. */
const COMMAND_TIMEOUT_MS = 120_000;

type Listener = (params: Record<string, unknown>, sessionId: string | undefined) => void;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  method: string;
}

/**
 * One DevTools connection to the whole browser. Sessions (pages, workers) share it and are
 * told apart by sessionId ("flatten" mode), as Chromium's own front-end does.
 */
export class Chromium {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private buffered = '';
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
    private readonly profileDir: string,
  ) {
    fromBrowser.setEncoding('utf8');
    fromBrowser.on('data', (chunk: string) => this.receive(chunk));
    child.once('exit', () => this.failAll(new Error('Chromium exited')));
  }

  static async launch(executable = CHROMIUM): Promise<Chromium> {
    const profileDir = await mkdtemp(join(tmpdir(), 'switchboard-bench-chromium-'));
    // fd 3 is what Chromium reads commands from, fd 4 where it writes replies and events.
    const child = spawn(executable, [...CHROMIUM_FLAGS, `--user-data-dir=${profileDir}`], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    });
    // Chromium's stderr is chatty (GPU, dbus); keep it drained so it can never block.
    child.stderr?.resume();
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    const toBrowser = child.stdio[3] as Writable;
    const fromBrowser = child.stdio[4] as Readable;
    const browser = new Chromium(child, toBrowser, fromBrowser, profileDir);
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', resolve);
    });
    await browser.send('Browser.getVersion');
    return browser;
  }

  /** Sends one DevTools command, to the browser or (with a sessionId) to one target. */
  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<T> {
    if (this.hasExited())
      return Promise.reject(new Error(`DevTools ${method}: Chromium has exited`));
    const id = this.nextId++;
    const message = JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) });
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`DevTools ${method} did not answer within ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject, timer, method });
      this.toBrowser.write(`${message}\0`);
    });
  }

  on(event: string, listener: Listener): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  async version(): Promise<string> {
    const { product } = await this.send<{ product: string }>('Browser.getVersion');
    return product;
  }

  close(): Promise<void> {
    return (this.closing ??= this.shutDown());
  }

  private hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  private async shutDown(): Promise<void> {
    if (!this.hasExited()) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.send('Browser.close').catch(() => undefined);
      const timer = setTimeout(() => this.child.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.profileDir, { recursive: true, force: true });
  }

  private receive(chunk: string): void {
    // Messages are NUL-terminated JSON; a chunk may hold several, or part of one.
    const parts = (this.buffered + chunk).split('\0');
    this.buffered = parts.pop() ?? '';
    for (const part of parts) if (part) this.dispatch(JSON.parse(part) as DevToolsMessage);
  }

  private dispatch(message: DevToolsMessage): void {
    if (message.id !== undefined) {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.error) {
        pending.reject(new Error(`DevTools ${pending.method}: ${message.error.message}`));
      } else {
        pending.resolve(message.result ?? {});
      }
      return;
    }
    if (message.method) {
      for (const listener of this.listeners.get(message.method) ?? []) {
        listener(message.params ?? {}, message.sessionId);
      }
    }
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pending.clear();
  }
}

interface DevToolsMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: { message: string };
  sessionId?: string;
}
