import { brokerUrlProblem, topicFilterProblem, topicMatches } from './topic-filter';

describe('topicFilterProblem', () => {
  const valid = [
    '#',
    '+',
    'calls',
    'calls/#',
    'bridge/+/media',
    '+/+/+',
    'a//b',
    '/leading',
    'sport/tennis/+/#',
  ];
  for (const filter of valid) {
    it(`accepts ${JSON.stringify(filter)}`, () => {
      expect(topicFilterProblem(filter)).toBeNull();
    });
  }

  const invalid: { filter: string; problem: RegExp }[] = [
    { filter: '', problem: /Enter a topic filter/ },
    { filter: 'calls/#/more', problem: /"#" must be the last level/ },
    { filter: 'calls#', problem: /"#" must fill its level/ },
    { filter: 'calls/ab#', problem: /level 2/ },
    { filter: 'calls+/x', problem: /"\+" must fill its level/ },
    { filter: 'a/+b', problem: /level 2: "\+b"/ },
    { filter: 'nul\u0000char', problem: /null character/ },
    { filter: 'x'.repeat(65_536), problem: /65,535 bytes/ },
  ];
  for (const { filter, problem } of invalid) {
    it(`refuses ${JSON.stringify(filter.slice(0, 20))} and says why`, () => {
      expect(topicFilterProblem(filter)).toMatch(problem);
    });
  }
});

describe('topicMatches', () => {
  const cases: [filter: string, topic: string, expected: boolean][] = [
    ['bridge/#', 'bridge/media/one', true],
    ['bridge/#', 'bridge', true],
    ['bridge/+/media', 'bridge/x/media', true],
    ['bridge/+/media', 'bridge/x/y/media', false],
    ['bridge/+', 'bridge', false],
    ['#', '$SYS/broker', false],
    ['+/broker', '$SYS/broker', false],
    ['calls', 'calls', true],
    ['calls', 'calls/x', false],
  ];
  for (const [filter, topic, expected] of cases) {
    it(`${filter} ${expected ? 'matches' : 'does not match'} ${topic}`, () => {
      expect(topicMatches(filter, topic)).toBe(expected);
    });
  }
});

describe('brokerUrlProblem', () => {
  const cases: [url: string, problem: RegExp | null][] = [
    ['ws://localhost:9001/mqtt', null],
    ['wss://broker.example.com/mqtt', null],
    ['http://localhost:1883', /ws:\/\/ or wss:\/\//],
    ['mqtt://localhost:1883', /ws:\/\/ or wss:\/\//],
    ['localhost:9001', /ws:\/\/ or wss:\/\//],
    ['not a url', /full URL/],
    ['ws://user:pass@broker/mqtt', /their own fields/],
  ];
  for (const [url, problem] of cases) {
    it(`${problem ? 'refuses' : 'accepts'} ${url}`, () => {
      const result = brokerUrlProblem(url);
      if (problem === null) expect(result).toBeNull();
      else expect(result).toMatch(problem);
    });
  }
});
