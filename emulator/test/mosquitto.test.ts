import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect as connectTcp, createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { connect, type MqttClient } from 'mqtt';
import { startMosquitto } from '../mosquitto.js';

const EMULATOR_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Resolves with the error code of a TCP connection attempt, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connectTcp({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

async function mqttClient(url: string, clientId: string): Promise<MqttClient> {
  const client = connect(url, { protocolVersion: 4, clientId, reconnectPeriod: 0 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

describe('startMosquitto', () => {
  it('picks free ports and carries MQTT from TCP to WebSocket clients', async () => {
    const mosquitto = await startMosquitto();
    try {
      assert.notEqual(mosquitto.tcpPort, mosquitto.wsPort);
      assert.equal(mosquitto.tcpUrl, `mqtt://127.0.0.1:${mosquitto.tcpPort}`);
      assert.equal(mosquitto.wsUrl, `ws://127.0.0.1:${mosquitto.wsPort}/mqtt`);
      // The query string a presigned URL carries must not upset the handshake.
      const subscriber = await mqttClient(
        `${mosquitto.wsUrl}?X-Amz-Signature=${'a'.repeat(64)}&X-Amz-Security-Token=${'b'.repeat(600)}`,
        'ws-subscriber',
      );
      const publisher = await mqttClient(mosquitto.tcpUrl, 'tcp-publisher');
      await subscriber.subscribeAsync('greetings', { qos: 1 });
      const received = new Promise<[string, Buffer]>((resolve) =>
        subscriber.once('message', (topic, payload) => resolve([topic, payload])),
      );
      await publisher.publishAsync('greetings', 'hello', { qos: 1 });
      const [topic, payload] = await received;
      assert.equal(topic, 'greetings');
      assert.equal(payload.toString(), 'hello');
      await Promise.all([subscriber.endAsync(), publisher.endAsync()]);
    } finally {
      await mosquitto.close();
    }
    // Gone for good: nothing listens on either port any more.
    assert.equal(await tryConnect(mosquitto.tcpPort), 'ECONNREFUSED');
    assert.equal(await tryConnect(mosquitto.wsPort), 'ECONNREFUSED');
  });

  it("fails with Mosquitto's own words when it cannot start", async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as AddressInfo;
    try {
      await assert.rejects(startMosquitto({ tcpPort: port }), (error: Error) => {
        assert.match(error.message, /^Mosquitto exited during start-up/);
        assert.match(error.message, /Address already in use/);
        return true;
      });
    } finally {
      blocker.close();
    }
  });

  it('says how to install Mosquitto when the binary is missing', async () => {
    await assert.rejects(
      startMosquitto({ binary: '/nonexistent/sbin/mosquitto' }),
      /no executable \/nonexistent\/sbin\/mosquitto.*sh scripts\/ensure-system-deps\.sh/,
    );
  });

  it('runs from the command line until interrupted', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${EMULATOR_DIR}mosquitto.ts`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let line = '';
    for await (const chunk of child.stdout) {
      line += (chunk as Buffer).toString();
      if (line.includes('\n')) break;
    }
    const [, tcpPort] =
      /^Mosquitto listening: MQTT mqtt:\/\/127\.0\.0\.1:(\d+), MQTT over WebSocket ws:\/\/127\.0\.0\.1:\d+\/mqtt$/m.exec(
        line,
      ) ?? [];
    assert.ok(tcpPort, `unexpected output: ${line}${output}`);
    assert.equal(await tryConnect(Number(tcpPort)), 'connected');
    child.kill('SIGINT');
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    assert.equal(code, 0, `exit ${code ?? signal}: ${output}`);
    assert.equal(await tryConnect(Number(tcpPort)), 'ECONNREFUSED');
  });
});
