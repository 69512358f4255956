import { CallEvent } from './call-event';
import {
  CSV_BOM,
  CSV_COLUMNS,
  EXPORT_MIME,
  csvCell,
  csvHeader,
  csvRow,
  exportFileName,
  ndjsonLine,
} from './event-export';
import { callEvent as aCallEvent } from './testing/call-events';

const PUBLICATION = {
  publicationId: 'pub-7f3a9c',
  topic: 'platform-api-media',
  subject: '/2017-09-01/endpoints/130001/calls/884422',
  content: { callId: 'endpoints/130001/calls/884422', state: 'ringing', from: '130002' },
};

/** A call event as the parser would produce it for a platform-api-media publication. */
function callEvent(overrides: Partial<CallEvent> = {}): CallEvent {
  return aCallEvent({ raw: JSON.stringify(PUBLICATION), ...overrides });
}

describe('csvCell', () => {
  const cases: { name: string; value: string; cell: string }[] = [
    { name: 'an empty value', value: '', cell: '' },
    { name: 'plain text', value: 'Ada Lovelace', cell: 'Ada Lovelace' },
    { name: 'digits', value: '130001', cell: '130001' },
    { name: 'a comma', value: 'Lovelace, Ada', cell: '"Lovelace, Ada"' },
    { name: 'quotes', value: 'Ada "the Countess"', cell: '"Ada ""the Countess"""' },
    { name: 'a lone quote', value: '"', cell: '""""' },
    { name: 'a CR', value: 'line1\rline2', cell: '"line1\rline2"' },
    { name: 'an LF', value: 'line1\nline2', cell: '"line1\nline2"' },
    { name: 'a CRLF', value: 'line1\r\nline2', cell: '"line1\r\nline2"' },
    { name: 'a leading LF', value: '\nx', cell: '"\nx"' },
    { name: 'a semicolon', value: 'a;b', cell: 'a;b' },
    { name: 'an apostrophe', value: "O'Brien", cell: "O'Brien" },
    { name: 'unicode', value: 'Zoë Åström 山田', cell: 'Zoë Åström 山田' },
    { name: '= inside', value: 'a=b', cell: 'a=b' },
    { name: '- inside', value: 'Jean-Luc', cell: 'Jean-Luc' },
    // Formula injection.
    { name: 'a leading =', value: '=1+2', cell: "'=1+2" },
    { name: 'a leading +', value: '+15550100', cell: "'+15550100" },
    { name: 'a leading -', value: '-2+3', cell: "'-2+3" },
    { name: 'a leading @', value: '@SUM(A1:A9)', cell: "'@SUM(A1:A9)" },
    { name: 'a leading tab', value: '\t=1', cell: "'\t=1" },
    { name: 'a leading CR', value: '\r=1', cell: '"\'\r=1"' },
    {
      name: 'a formula with quotes and commas',
      value: '=HYPERLINK("http://x","y")',
      cell: '"\'=HYPERLINK(""http://x"",""y"")"',
    },
    { name: 'a formula with a comma', value: '=1,2', cell: '"\'=1,2"' },
    { name: 'a formula with an LF', value: '@a\nb', cell: '"\'@a\nb"' },
    { name: 'a lone =', value: '=', cell: "'=" },
  ];
  for (const c of cases) {
    it(`writes ${c.name} as ${JSON.stringify(c.cell)}`, () => {
      expect(csvCell(c.value)).toBe(c.cell);
    });
  }
});

describe('csvHeader', () => {
  it('starts with the BOM, names the columns in order and ends with CRLF', () => {
    const header = csvHeader();
    expect(CSV_BOM).toBe('\uFEFF');
    expect(header).toBe(
      '\uFEFFtime,receivedAt,state,from,fromName,to,toName,endpointId,direction,cause,' +
        'callId,publicationId,eventId,subscriptionId,subject\r\n',
    );
  });

  it('has one name per column', () => {
    const names = csvHeader().slice(1, -2).split(',');
    expect(names).toEqual(CSV_COLUMNS.map((column) => column.header));
    expect(names.length).toBe(15);
  });
});

describe('csvRow', () => {
  it('writes every column in CSV_COLUMNS order, times as ISO, and ends with CRLF', () => {
    expect(csvRow(callEvent())).toBe(
      '2024-05-06T07:08:09.010Z,2024-05-06T07:08:20.000Z,ringing,130002,Grace Hopper,' +
        '130001,Ada Lovelace,130001,inbound,newCall,endpoints/130001/calls/884422,' +
        'pub-7f3a9c,evt-884422-1,sub-42,/2017-09-01/endpoints/130001/calls/884422\r\n',
    );
  });

  it('puts each field under its own header', () => {
    const event = callEvent({
      state: 'S',
      from: 'F',
      fromName: 'FN',
      to: 'T',
      toName: 'TN',
      endpointId: 'E',
      direction: 'D',
      cause: 'C',
      callId: 'CI',
      publicationId: 'P',
      eventId: 'EV',
      subscriptionId: 'SU',
      subject: 'SJ',
    });
    const headers = csvHeader().slice(1, -2).split(',');
    const cells = csvRow(event).slice(0, -2).split(',');
    const byHeader = Object.fromEntries(headers.map((header, index) => [header, cells[index]]));
    expect(byHeader).toEqual({
      time: '2024-05-06T07:08:09.010Z',
      receivedAt: '2024-05-06T07:08:20.000Z',
      state: 'S',
      from: 'F',
      fromName: 'FN',
      to: 'T',
      toName: 'TN',
      endpointId: 'E',
      direction: 'D',
      cause: 'C',
      callId: 'CI',
      publicationId: 'P',
      eventId: 'EV',
      subscriptionId: 'SU',
      subject: 'SJ',
    });
  });

  it('writes absent fields as empty cells', () => {
    const row = csvRow(
      callEvent({
        occurredAt: null,
        state: null,
        from: null,
        fromName: null,
        to: null,
        toName: null,
        endpointId: null,
        direction: null,
        cause: null,
        callId: null,
        publicationId: null,
        eventId: null,
        subscriptionId: null,
        subject: null,
      }),
    );
    expect(row).toBe(',2024-05-06T07:08:20.000Z' + ','.repeat(13) + '\r\n');
  });

  it('keeps unicode names intact', () => {
    const row = csvRow(callEvent({ fromName: 'Zoë Åström 山田', toName: 'Ölçü 😀' }));
    expect(row.split(',')[4]).toBe('Zoë Åström 山田');
    expect(row.split(',')[6]).toBe('Ölçü 😀');
    expect(row.startsWith(CSV_BOM)).toBeFalse();
  });

  it('quotes and defuses cells within a row', () => {
    const row = csvRow(
      callEvent({ from: '+15550100', fromName: 'Lovelace, Ada', toName: '=cmd|"/c calc"!A1' }),
    );
    expect(row).toContain(`,'+15550100,"Lovelace, Ada",130001,"'=cmd|""/c calc""!A1",`);
  });
});

describe('ndjsonLine', () => {
  it('writes the raw publication as it is, on one line ending in \\n', () => {
    const raw = JSON.stringify(PUBLICATION);
    const line = ndjsonLine(callEvent({ raw }));
    expect(line).toBe(raw + '\n');
    expect(JSON.parse(line)).toEqual(PUBLICATION);
  });

  it('keeps fields the console does not know, in their order', () => {
    const raw = '{"z":1,"publicationId":"p","unknown":{"nested":[1,2,{"x":null}]},"a":"ü"}';
    expect(ndjsonLine(callEvent({ raw }))).toBe(raw + '\n');
  });

  it('compacts a pretty-printed publication to one line', () => {
    for (const raw of [
      JSON.stringify(PUBLICATION, null, 2),
      JSON.stringify(PUBLICATION, null, '\t').replace(/\n/g, '\r\n'),
    ]) {
      const line = ndjsonLine(callEvent({ raw }));
      expect(line).toBe(JSON.stringify(PUBLICATION) + '\n');
      expect(line.indexOf('\n')).toBe(line.length - 1);
      expect(line).not.toContain('\r');
    }
  });

  it('masks a password, even one with a space', () => {
    const raw = JSON.stringify({ publicationId: 'p', content: { password: 'x y', state: 'held' } });
    const line = ndjsonLine(callEvent({ raw }));
    expect(line).not.toContain('x y');
    expect(line).toBe('{"publicationId":"p","content":{"password":"•••","state":"held"}}\n');
  });

  it('masks a password in a pretty-printed publication', () => {
    const raw = JSON.stringify({ password: 'x y', other: 'keep' }, null, 2);
    const line = ndjsonLine(callEvent({ raw }));
    expect(line).toBe('{"password":"•••","other":"keep"}\n');
  });

  it('masks the signature of a presigned ws:// URL and keeps the line valid JSON', () => {
    const uri = 'ws://localhost:4000/mqtt?X-Amz-Date=20240506T070809Z&X-Amz-Signature=abc123';
    const raw = JSON.stringify({ publicationId: 'p', content: { websocketUri: uri } });
    const line = ndjsonLine(callEvent({ raw }));
    expect(line).not.toContain('abc123');
    expect(JSON.parse(line)).toEqual({
      publicationId: 'p',
      content: {
        websocketUri: 'ws://localhost:4000/mqtt?X-Amz-Date=20240506T070809Z&X-Amz-Signature=•••',
      },
    });
  });

  const unparseable: { raw: string; line: string }[] = [
    { raw: 'not json\nline two', line: 'not json line two\n' },
    { raw: 'a\r\nb\n\nc\rd', line: 'a b c d\n' },
    { raw: '{"broken":\n', line: '{"broken": \n' },
    { raw: 'not json, one line', line: 'not json, one line\n' },
    { raw: 'password=hunter2\nnext', line: 'password=••• next\n' },
  ];
  for (const c of unparseable) {
    it(`flattens unparseable ${JSON.stringify(c.raw)} to one line`, () => {
      expect(ndjsonLine(callEvent({ raw: c.raw }))).toBe(c.line);
    });
  }

  it('writes an empty raw as an empty line', () => {
    expect(ndjsonLine(callEvent({ raw: '' }))).toBe('\n');
  });
});

describe('exportFileName', () => {
  const now = new Date(Date.UTC(2024, 4, 6, 7, 8, 9, 10));
  const cases: { format: 'ndjson' | 'csv'; name: string }[] = [
    { format: 'ndjson', name: 'switchboard-events-2024-05-06T07-08-09-010.ndjson' },
    { format: 'csv', name: 'switchboard-events-2024-05-06T07-08-09-010.csv' },
  ];
  for (const c of cases) {
    it(`names a ${c.format} export ${c.name}`, () => {
      expect(exportFileName(c.format, now)).toBe(c.name);
    });
  }

  it('uses UTC and pads every part', () => {
    expect(exportFileName('csv', new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)))).toBe(
      'switchboard-events-2025-01-02T03-04-05-006.csv',
    );
  });
});

describe('EXPORT_MIME', () => {
  it('names the NDJSON and UTF-8 CSV types', () => {
    expect(EXPORT_MIME).toEqual({ ndjson: 'application/x-ndjson', csv: 'text/csv;charset=utf-8' });
  });
});
