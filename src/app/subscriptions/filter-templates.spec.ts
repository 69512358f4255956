import { TestBed } from '@angular/core/testing';
import { EMPTY_DRAFT } from './filter-draft';
import {
  FilterTemplates,
  TEMPLATE_FORMAT,
  TEMPLATE_STORAGE,
  readTemplates,
  writeTemplates,
} from './filter-templates';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const RANGE = { ...EMPTY_DRAFT, subjectFilter: '^/2017-09-01/endpoints/13000[1-3]/calls' };

describe('FilterTemplates', () => {
  let storage: MemoryStorage;

  function service(): FilterTemplates {
    return TestBed.inject(FilterTemplates);
  }

  beforeEach(() => {
    storage = new MemoryStorage();
    TestBed.configureTestingModule({
      providers: [{ provide: TEMPLATE_STORAGE, useValue: storage }],
    });
  });

  it('saves a named filter, replaces one of the same name, and keeps them in storage', () => {
    const templates = service();
    expect(templates.save('  Front desk ', RANGE, new Date('2026-12-05T00:00:00Z'))).toBeNull();
    expect(templates.save('Front desk', EMPTY_DRAFT)).toBeNull();
    expect(templates.templates().map((t) => [t.name, t.subjectFilter])).toEqual([
      ['Front desk', EMPTY_DRAFT.subjectFilter],
    ]);
    const stored = readTemplates(storage.getItem('switchboard.filterTemplates.v1')!);
    expect(stored.templates.map((t) => t.name)).toEqual(['Front desk']);
  });

  it('loads what an earlier tab saved', () => {
    storage.setItem(
      'switchboard.filterTemplates.v1',
      writeTemplates([{ name: 'Saved', ...RANGE, savedAt: '2026-12-01T00:00:00.000Z' }]),
    );
    expect(
      service()
        .templates()
        .map((t) => t.name),
    ).toEqual(['Saved']);
  });

  it('refuses a template without a name and says so', () => {
    expect(service().save('  ', RANGE)).toBe('Cannot save: it has no name.');
    expect(service().save('Broken', { ...RANGE, subjectFilter: '/endpoints/(1300' })).toMatch(
      /^Cannot save: its subject filter is not a valid regular expression/,
    );
    expect(service().templates()).toEqual([]);
  });

  it('exports and imports the same templates; import says what it skipped', () => {
    const templates = service();
    templates.save('A', RANGE);
    const file = templates.exportJson();
    templates.remove('A');
    expect(templates.templates()).toEqual([]);
    const parsed = JSON.parse(file) as { templates: unknown[] };
    parsed.templates.push({ name: 'Bad', topic: 'platform-api-weather', subjectFilter: '/x/' });
    parsed.templates.push({
      name: 'Typo',
      topic: 'platform-api-media',
      subjectFilter: '/x/',
      publicationFilter: 'state == ringing',
    });
    const result = templates.importJson(JSON.stringify({ ...parsed, format: TEMPLATE_FORMAT }));
    expect(result.added).toBe(1);
    expect(result.replaced).toBe(0);
    expect(result.problems).toEqual([
      jasmine.stringMatching(/^Template 2: its topic must be one of platform-api-media/),
      jasmine.stringMatching(/^Template 3: its publication filter cannot be used/),
    ]);
    expect(templates.importJson(file)).toEqual({ added: 0, replaced: 1, problems: [] });
    expect(templates.templates().map((t) => t.subjectFilter)).toEqual([RANGE.subjectFilter]);
  });

  it('reads nothing from a file that is not JSON or not a template file', () => {
    expect(readTemplates('{nope').problems[0]).toMatch(/^Not JSON/);
    expect(readTemplates('{"templates": []}').problems[0]).toMatch(
      /Not a Switchboard template file/,
    );
  });

  it('keeps working when storage refuses writes', () => {
    storage.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    const templates = service();
    expect(templates.save('A', RANGE)).toBeNull();
    expect(templates.templates().length).toBe(1);
  });
});
