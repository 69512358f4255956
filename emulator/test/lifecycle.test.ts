import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const EMULATOR_DIR = fileURLToPath(new URL('..', import.meta.url));
const EXIT_DEADLINE_MS = 10_000;
const STARTUP_LINE =
  /^CloudLink emulator listening on (http:\/\/127\.0\.0\.1:(\d+)) \(MQTT over WebSocket at ws:\/\/127\.0\.0\.1:\2\/mqtt\)$/;

/** Runs a TypeScript file under node + tsx, as `tsx file` would. */
function runTs(file: string, args: string[] = [], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', `${EMULATOR_DIR}${file}`, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Exit code, or a failure if the process is still running at the deadline. */
async function exitCode(child: ChildProcess): Promise<number | null> {
  const deadline = setTimeout(() => child.kill('SIGKILL'), EXIT_DEADLINE_MS);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(deadline);
  assert.notEqual(signal, 'SIGKILL', `still running after ${EXIT_DEADLINE_MS} ms`);
  return code;
}

function output(child: ChildProcess): { text: () => string } {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { text: () => text };
}

async function firstLine(child: ChildProcess): Promise<string> {
  let buffered = '';
  for await (const chunk of child.stdout!) {
    buffered += (chunk as Buffer).toString();
    const end = buffered.indexOf('\n');
    if (end >= 0) return buffered.slice(0, end);
  }
  throw new Error(`exited before printing a line: ${buffered}`);
}

describe('lifecycle', () => {
  it('close() ends every socket and timer, so the process exits on its own', async () => {
    const child = runTs('test/fixtures/close-leaves-no-handles.ts');
    const out = output(child);
    assert.equal(await exitCode(child), 0, out.text());
    assert.match(out.text(), /^closed; resources left/m);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`main.ts prints one startup line and exits cleanly on ${signal}`, async () => {
      const child = runTs('main.ts', ['--port', '0', '--rate', '5', '--seed', '3']);
      const line = await firstLine(child);
      const [, baseUrl] = STARTUP_LINE.exec(line) ?? [];
      assert.ok(baseUrl, `unexpected startup line: ${line}`);
      const simulator = (await (await fetch(`${baseUrl}/_emulator/simulator`)).json()) as {
        eventsPerSecond: number;
        seed: number;
      };
      assert.equal(simulator.eventsPerSecond, 5);
      assert.equal(simulator.seed, 3);
      child.kill(signal);
      assert.equal(await exitCode(child), 0);
    });
  }

  it('main.ts reads EMULATOR_PORT and EMULATOR_RATE', async () => {
    const child = runTs('main.ts', [], { EMULATOR_PORT: '0', EMULATOR_RATE: '0' });
    const [, baseUrl, port] = STARTUP_LINE.exec(await firstLine(child)) ?? [];
    assert.notEqual(port, '4300');
    const simulator = (await (await fetch(`${baseUrl}/_emulator/simulator`)).json()) as {
      eventsPerSecond: number;
    };
    assert.equal(simulator.eventsPerSecond, 0);
    child.kill('SIGTERM');
    assert.equal(await exitCode(child), 0);
  });
});
