import { readVerdict } from './url-probe';

describe('readVerdict', () => {
  const cases: [status: number, says: RegExp][] = [
    [426, /URL itself is valid/],
    [403, /expired .* or was mangled/],
    [0, /could not be probed/],
    [503, /answered 503/],
    [200, /answered 200/],
  ];
  for (const [status, says] of cases) {
    it(`reads ${status}`, () => {
      expect(readVerdict(status)).toMatch(says);
    });
  }
});
