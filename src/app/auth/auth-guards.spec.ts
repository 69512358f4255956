import { safeReturnUrl } from './auth-guards';

describe('safeReturnUrl', () => {
  const kept = [
    '/live',
    '/live?view=calls&state=ringing',
    '/subscriptions?topic=platform-api-media&subject=%5E%2F2017',
    '/diagnostics',
  ];
  for (const url of kept) {
    it(`follows ${url} after sign-in`, () => {
      expect(safeReturnUrl(url)).toBe(url);
    });
  }

  const refused = [null, 'https://evil.test/live', '//evil.test/live', '/livex', '/sign-in', ''];
  for (const url of refused) {
    it(`goes to /live instead of ${JSON.stringify(url)}`, () => {
      expect(safeReturnUrl(url)).toBe('/live');
    });
  }
});
