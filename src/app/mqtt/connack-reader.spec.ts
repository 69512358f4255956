import { ConnackReader } from './paho-transport';

function bytes(...values: number[]): ArrayBuffer {
  return new Uint8Array(values).buffer;
}

describe('ConnackReader', () => {
  const cases: { name: string; frames: ArrayBuffer[]; sessionPresent: boolean | null }[] = [
    {
      name: 'a whole CONNACK, session present',
      frames: [bytes(0x20, 0x02, 0x01, 0x00)],
      sessionPresent: true,
    },
    {
      name: 'a whole CONNACK, new session',
      frames: [bytes(0x20, 0x02, 0x00, 0x00)],
      sessionPresent: false,
    },
    {
      name: 'a CONNACK split over frames (as aedes sends it)',
      frames: [bytes(0x20), bytes(0x02), bytes(0x01, 0x00)],
      sessionPresent: true,
    },
    {
      name: 'a CONNACK followed by a PUBLISH in one frame',
      frames: [bytes(0x20, 0x02, 0x01, 0x00, 0x30, 0x05)],
      sessionPresent: true,
    },
    {
      name: 'something that is not a CONNACK',
      frames: [bytes(0x30, 0x02, 0x01, 0x00)],
      sessionPresent: null,
    },
  ];
  for (const { name, frames, sessionPresent } of cases) {
    it(`reads ${name}`, () => {
      const connack = { sessionPresent: null as boolean | null };
      const reader = new ConnackReader(connack);
      const done = frames.map((frame) => reader.read(frame));
      expect(done[done.length - 1]).toBeTrue();
      expect(connack.sessionPresent).toBe(sessionPresent);
    });
  }

  it('stops at once on a first byte that cannot start a CONNACK', () => {
    const connack = { sessionPresent: null as boolean | null };
    expect(new ConnackReader(connack).read(bytes(0x30))).toBeTrue();
    expect(connack.sessionPresent).toBeNull();
  });

  it('waits for more when only part of a CONNACK came', () => {
    const reader = new ConnackReader({ sessionPresent: null });
    expect(reader.read(bytes(0x20))).toBeFalse();
  });
});
