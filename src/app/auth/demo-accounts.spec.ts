import { readDemoAccount } from './demo-accounts';

describe('readDemoAccount', () => {
  it('reads an account with its users', () => {
    expect(
      readDemoAccount({
        accountId: 'acc-3141',
        users: [
          {
            username: 'ada@example.com',
            password: 'demo-ada',
            role: 'ACCOUNT_ADMIN',
            description: 'Sees every extension',
          },
          { username: 'grace@example.com', password: 'demo-grace', role: 'USER', description: '' },
        ],
      }),
    ).toEqual({
      accountId: 'acc-3141',
      users: [
        {
          username: 'ada@example.com',
          password: 'demo-ada',
          role: 'ACCOUNT_ADMIN',
          description: 'Sees every extension',
        },
        { username: 'grace@example.com', password: 'demo-grace', role: 'USER', description: '' },
      ],
    });
  });

  it('defaults a missing or non-string role and description to empty', () => {
    const account = readDemoAccount({
      accountId: 'acc-1',
      users: [
        { username: 'u', password: 'p', role: 3, description: null },
        { username: 'v', password: 'q' },
      ],
    });
    expect(account?.users).toEqual([
      { username: 'u', password: 'p', role: '', description: '' },
      { username: 'v', password: 'q', role: '', description: '' },
    ]);
  });

  it('drops users without a string username and password, keeping the rest in order', () => {
    const account = readDemoAccount({
      accountId: 'acc-1',
      users: [
        null,
        'ada',
        { username: 'a', password: 'pa' },
        { username: 'b' },
        { password: 'pc' },
        { username: 7, password: 'pd' },
        { username: 'e', password: 5 },
        { username: 'f', password: 'pf' },
        [],
      ],
    });
    expect(account?.users.map((user) => user.username)).toEqual(['a', 'f']);
  });

  it('reads an account with no users', () => {
    expect(readDemoAccount({ accountId: 'acc-1', users: [] })).toEqual({
      accountId: 'acc-1',
      users: [],
    });
  });

  const junk: { name: string; body: unknown }[] = [
    { name: 'null', body: null },
    { name: 'undefined', body: undefined },
    { name: 'a string', body: 'acc-1' },
    { name: 'an array', body: [{ accountId: 'acc-1', users: [] }] },
    { name: 'an empty object', body: {} },
    { name: 'no users', body: { accountId: 'acc-1' } },
    { name: 'users that are not an array', body: { accountId: 'acc-1', users: { a: 1 } } },
    { name: 'a numeric accountId', body: { accountId: 3141, users: [] } },
    { name: 'no accountId', body: { users: [{ username: 'a', password: 'b' }] } },
  ];
  for (const c of junk) {
    it(`reads ${c.name} as no account`, () => {
      expect(readDemoAccount(c.body)).toBeNull();
    });
  }
});
