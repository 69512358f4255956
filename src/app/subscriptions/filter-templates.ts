import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import { METHODS, TOPICS } from '../cloudlink/subscription';
import { FilterDraft, MAX_FILTER_LENGTH } from './filter-draft';
import { publicationFilterProblem, subjectFilterSyntaxProblem } from './filter-matching';

/** A named filter, saved in this browser; only the four filter fields, never a secret. */
export interface FilterTemplate extends FilterDraft {
  readonly name: string;
  readonly savedAt: string;
}

/** The export file's `format`, checked on import. */
export const TEMPLATE_FORMAT = 'switchboard-filter-templates/1';
const STORAGE_KEY = 'switchboard.filterTemplates.v1';
const MAX_NAME_LENGTH = 80;
const MAX_TEMPLATES = 200;
const FILTER_NAMES = [
  ['subjectFilter', 'subject filter'],
  ['publicationFilter', 'publication filter'],
] as const;

/** Where templates persist; localStorage in the app, a fake in unit tests. */
export const TEMPLATE_STORAGE = new InjectionToken<Pick<Storage, 'getItem' | 'setItem'>>(
  'TEMPLATE_STORAGE',
  { providedIn: 'root', factory: () => localStorage },
);

export interface TemplateImport {
  readonly templates: readonly FilterTemplate[];
  readonly problems: readonly string[];
}

/** Reads templates from JSON text (an export file, or storage); never throws. */
export function readTemplates(text: string): TemplateImport {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return { templates: [], problems: [`Not JSON: ${(error as Error).message}`] };
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (record['format'] !== TEMPLATE_FORMAT || !Array.isArray(record['templates'])) {
    return {
      templates: [],
      problems: [`Not a Switchboard template file (expected "format": "${TEMPLATE_FORMAT}").`],
    };
  }
  const templates: FilterTemplate[] = [];
  const problems: string[] = [];
  (record['templates'] as unknown[]).slice(0, MAX_TEMPLATES).forEach((item, index) => {
    const problem = templateProblem(item);
    if (problem) problems.push(`Template ${index + 1}: ${problem}`);
    else templates.push(normalise(item as Record<string, unknown>));
  });
  return { templates, problems };
}

function templateProblem(item: unknown): string | null {
  if (typeof item !== 'object' || item === null) return 'not an object.';
  const t = item as Record<string, unknown>;
  if (typeof t['name'] !== 'string' || t['name'].trim() === '') return 'it has no name.';
  if (t['name'].length > MAX_NAME_LENGTH) return `its name is over ${MAX_NAME_LENGTH} characters.`;
  if (typeof t['topic'] !== 'string' || !(TOPICS as readonly string[]).includes(t['topic'])) {
    return `its topic must be one of ${TOPICS.join(', ')}.`;
  }
  if (typeof t['subjectFilter'] !== 'string' || t['subjectFilter'] === '') {
    return 'it has no subjectFilter.';
  }
  for (const [field, name] of FILTER_NAMES) {
    const value = t[field];
    if (value !== undefined && typeof value !== 'string') return `its ${name} must be text.`;
    if (typeof value === 'string' && value.length > MAX_FILTER_LENGTH) {
      return `its ${name} is over ${MAX_FILTER_LENGTH} characters.`;
    }
  }
  const syntax = subjectFilterSyntaxProblem(t['subjectFilter']);
  if (syntax) return `its subject filter is not a valid regular expression (${syntax}).`;
  const publication = t['publicationFilter'];
  if (typeof publication === 'string' && publication.trim() !== '') {
    const problem = publicationFilterProblem(publication);
    if (problem) return `its publication filter cannot be used (${problem}).`;
  }
  const method = t['methodFilter'];
  if (method !== undefined && method !== '' && !(METHODS as readonly unknown[]).includes(method)) {
    return `methodFilter must be empty or one of ${METHODS.join(', ')}.`;
  }
  return null;
}

function normalise(t: Record<string, unknown>): FilterTemplate {
  return {
    name: (t['name'] as string).trim(),
    topic: t['topic'] as string,
    subjectFilter: t['subjectFilter'] as string,
    publicationFilter: typeof t['publicationFilter'] === 'string' ? t['publicationFilter'] : '',
    methodFilter: typeof t['methodFilter'] === 'string' ? t['methodFilter'] : '',
    savedAt: typeof t['savedAt'] === 'string' ? t['savedAt'] : new Date(0).toISOString(),
  };
}

/** JSON text for a template file. */
export function writeTemplates(templates: readonly FilterTemplate[]): string {
  return JSON.stringify({ format: TEMPLATE_FORMAT, templates }, null, 2);
}

/** Named filters kept in this browser, exported and imported as JSON files. */
@Injectable({ providedIn: 'root' })
export class FilterTemplates {
  private readonly storage = inject(TEMPLATE_STORAGE);
  private readonly state = signal<readonly FilterTemplate[]>(this.load());
  readonly templates = this.state.asReadonly();

  /** Saves (or replaces, by name) a template; returns the problem instead when it has one. */
  save(name: string, draft: FilterDraft, now = new Date()): string | null {
    const template = { name: name.trim(), ...pick(draft), savedAt: now.toISOString() };
    const problem = templateProblem(template);
    if (problem) return `Cannot save: ${problem}`;
    this.merge([template]);
    return null;
  }

  has(name: string): boolean {
    return this.state().some((template) => template.name === name.trim());
  }

  remove(name: string): void {
    this.store(this.state().filter((template) => template.name !== name));
  }

  exportJson(): string {
    return writeTemplates(this.state());
  }

  /** Adds the file's templates (same name replaces); says what was skipped and why. */
  importJson(text: string): { added: number; replaced: number; problems: readonly string[] } {
    const { templates, problems } = readTemplates(text);
    const replaced = templates.filter((template) => this.has(template.name)).length;
    this.merge(templates);
    return { added: templates.length - replaced, replaced, problems };
  }

  private merge(incoming: readonly FilterTemplate[]): void {
    const byName = new Map(this.state().map((template) => [template.name, template]));
    for (const template of incoming) byName.set(template.name, template);
    this.store(
      [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)).slice(0, MAX_TEMPLATES),
    );
  }

  private store(templates: readonly FilterTemplate[]): void {
    this.state.set(templates);
    try {
      this.storage.setItem(STORAGE_KEY, writeTemplates(templates));
    } catch {
      // Storage full or blocked: the templates still work for this tab.
    }
  }

  private load(): readonly FilterTemplate[] {
    try {
      const text = this.storage.getItem(STORAGE_KEY);
      return text ? readTemplates(text).templates : [];
    } catch {
      return [];
    }
  }
}

function pick(draft: FilterDraft): FilterDraft {
  const { topic, subjectFilter, publicationFilter, methodFilter } = draft;
  return { topic, subjectFilter, publicationFilter, methodFilter };
}
