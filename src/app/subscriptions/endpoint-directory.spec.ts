import { readEndpoints } from './endpoint-directory';

describe('readEndpoints', () => {
  it('reads endpoints with their names, in order', () => {
    expect(
      readEndpoints({
        items: [
          { endpointId: '130001', name: 'Ada Lovelace' },
          { endpointId: '130002', name: 'Grace Hopper' },
        ],
      }),
    ).toEqual([
      { endpointId: '130001', name: 'Ada Lovelace' },
      { endpointId: '130002', name: 'Grace Hopper' },
    ]);
  });

  it('takes "extension" when there is no endpointId', () => {
    expect(readEndpoints({ items: [{ extension: '130003', name: 'Reception' }] })).toEqual([
      { endpointId: '130003', name: 'Reception' },
    ]);
  });

  it('prefers endpointId over extension', () => {
    expect(readEndpoints({ items: [{ endpointId: '130001', extension: '9' }] })).toEqual([
      { endpointId: '130001', name: null },
    ]);
  });

  it('shows a missing or non-string name as null', () => {
    expect(readEndpoints({ items: [{ endpointId: '1' }, { endpointId: '2', name: 7 }] })).toEqual([
      { endpointId: '1', name: null },
      { endpointId: '2', name: null },
    ]);
  });

  it('skips items without a usable id and keeps the rest', () => {
    const result = readEndpoints({
      items: [
        null,
        '130001',
        { name: 'No id' },
        { endpointId: '' },
        { endpointId: 130002 },
        { endpointId: null, extension: '130004' },
        { extension: 130005 },
        { endpointId: '130006', name: 'Kept' },
      ],
    });
    expect(result).toEqual([
      { endpointId: '130004', name: null },
      { endpointId: '130006', name: 'Kept' },
    ]);
  });

  const junk: { name: string; body: unknown }[] = [
    { name: 'null', body: null },
    { name: 'undefined', body: undefined },
    { name: 'a number', body: 1 },
    { name: 'a bare array', body: [{ endpointId: '130001' }] },
    { name: 'an empty object', body: {} },
    { name: 'items that are not an array', body: { items: { endpointId: '130001' } } },
    { name: 'an empty list', body: { items: [] } },
  ];
  for (const c of junk) {
    it(`reads ${c.name} as no endpoints`, () => {
      expect(readEndpoints(c.body)).toEqual([]);
    });
  }
});
