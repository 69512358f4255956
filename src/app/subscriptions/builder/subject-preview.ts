import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatchSpan, compileSubjectFilter, subjectMatchSpan } from '../filter-matching';

/** A subject the preview tries, and where it came from. */
export interface PreviewSubject {
  readonly subject: string;
  /** 'event': seen in this session; 'endpoint': an extension the account lists; 'example'. */
  readonly source: 'event' | 'endpoint' | 'example' | 'typed';
}

interface PreviewRow extends PreviewSubject {
  readonly before: string;
  readonly match: string;
  readonly after: string;
}

/** Subjects typed into the box are kept to this many. */
const MAX_TYPED = 50;

export function previewRows(
  pattern: RegExp | null,
  subjects: readonly PreviewSubject[],
): { matches: PreviewRow[]; others: PreviewRow[] } {
  const matches: PreviewRow[] = [];
  const others: PreviewRow[] = [];
  for (const item of subjects) {
    const span: MatchSpan | null = pattern ? subjectMatchSpan(pattern, item.subject) : null;
    if (span) {
      matches.push({
        ...item,
        before: item.subject.slice(0, span.start),
        match: item.subject.slice(span.start, span.end),
        after: item.subject.slice(span.end),
      });
    } else {
      others.push({ ...item, before: item.subject, match: '', after: '' });
    }
  }
  return { matches, others };
}

/**
 * The subject filter applied at once to the subjects the account is known to have and to
 * any the tester types: matches and non-matches side by side, the matching part marked.
 * Text only: subjects are bound as text, never as HTML.
 */
@Component({
  selector: 'sb-subject-preview',
  imports: [MatFormFieldModule, MatInputModule],
  template: `
    @if (expression() === null) {
      <p class="off" role="status">
        No preview while the subject filter has the problem shown beside it.
      </p>
    }
    <div class="columns">
      <section aria-labelledby="preview-matches-title">
        <h4 id="preview-matches-title">Matches ({{ rows().matches.length }})</h4>
        <ul class="subjects" aria-label="Subjects the filter matches">
          @for (row of rows().matches; track row.subject + row.source) {
            <li [title]="row.subject">
              <span class="source">{{ sourceLabels[row.source] }}</span>
              <code
                >{{ row.before }}<mark>{{ row.match }}</mark
                >{{ row.after }}</code
              >
            </li>
          } @empty {
            <li class="none">No subject matches.</li>
          }
        </ul>
      </section>
      <section aria-labelledby="preview-others-title">
        <h4 id="preview-others-title">Does not match ({{ rows().others.length }})</h4>
        <ul class="subjects" aria-label="Subjects the filter does not match">
          @for (row of rows().others; track row.subject + row.source) {
            <li [title]="row.subject">
              <span class="source">{{ sourceLabels[row.source] }}</span>
              <code>{{ row.before }}</code>
            </li>
          } @empty {
            <li class="none">None.</li>
          }
        </ul>
      </section>
    </div>
    <mat-form-field class="typed">
      <mat-label>Try subjects (one per line)</mat-label>
      <textarea
        matInput
        rows="3"
        [value]="typedText()"
        (input)="typedText.set(text($event))"
        spellcheck="false"
        placeholder="/2017-09-01/endpoints/130004/calls/17"
      ></textarea>
    </mat-form-field>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .columns {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
      gap: 12px;
    }
    h4 {
      margin: 0 0 4px;
      font: var(--mat-sys-title-small);
    }
    .subjects {
      list-style: none;
      margin: 0;
      padding: 0;
      max-height: 260px;
      overflow: auto;
      font: var(--mat-sys-body-small);
    }
    li {
      display: grid;
      grid-template-columns: 3.2em minmax(0, 1fr);
      gap: 6px;
      padding: 2px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    code {
      font-size: 12px;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    mark {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
      border-radius: 2px;
    }
    .source {
      color: var(--mat-sys-on-surface-variant);
    }
    .none {
      color: var(--mat-sys-on-surface-variant);
      border: none;
    }
    .typed {
      width: 100%;
    }
    .off {
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubjectPreview {
  /** The subject filter to try; null while it has a problem (nothing is run then). */
  readonly expression = input.required<string | null>();
  readonly known = input<readonly PreviewSubject[]>([]);

  protected readonly typedText = signal('');
  /** Short labels keep the subjects wide: seen in an event, listed extension, typed, example. */
  protected readonly sourceLabels: Readonly<Record<PreviewSubject['source'], string>> = {
    event: 'seen',
    endpoint: 'listed',
    typed: 'typed',
    example: 'e.g.',
  };

  private readonly pattern = computed(() => {
    const expression = this.expression();
    if (expression === null) return null;
    try {
      return compileSubjectFilter(expression);
    } catch {
      return null;
    }
  });

  private readonly subjects = computed<PreviewSubject[]>(() => {
    const typed = this.typedText()
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .slice(0, MAX_TYPED)
      .map((subject): PreviewSubject => ({ subject, source: 'typed' }));
    return [...typed, ...this.known()];
  });

  protected readonly rows = computed(() => previewRows(this.pattern(), this.subjects()));

  protected text(event: Event): string {
    return (event.target as HTMLTextAreaElement).value;
  }
}
