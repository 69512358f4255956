import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { FilterDraft } from '../filter-draft';
import { FilterTemplate, FilterTemplates } from '../filter-templates';

/** Largest template file read on import. */
const MAX_IMPORT_BYTES = 1_000_000;

/** Named filters saved in this browser: save the current one, apply, delete, export, import. */
@Component({
  selector: 'sb-template-panel',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <form class="save" (submit)="save($event)" aria-label="Save as template">
      <mat-form-field class="name">
        <mat-label>Template name</mat-label>
        <input matInput [value]="name()" (input)="name.set(text($event))" autocomplete="off" />
      </mat-form-field>
      <button mat-stroked-button type="submit" [disabled]="name().trim() === ''">
        Save template
      </button>
    </form>
    @if (message(); as note) {
      <p class="message" [class.error]="note.isError" role="status">{{ note.text }}</p>
    }
    @if (templates.templates().length === 0) {
      <p class="empty">No templates yet. Name the current filter and save it.</p>
    } @else {
      <ul aria-label="Saved templates">
        @for (template of templates.templates(); track template.name) {
          <li>
            <div class="what">
              <strong>{{ template.name }}</strong>
              <code>{{ template.subjectFilter }}</code>
              @if (template.publicationFilter) {
                <code>{{ template.publicationFilter }}</code>
              }
            </div>
            <button
              mat-button
              type="button"
              [attr.aria-label]="'Use template ' + template.name"
              (click)="use(template)"
            >
              Use
            </button>
            <button
              mat-button
              type="button"
              [attr.aria-label]="'Delete template ' + template.name"
              (click)="remove(template)"
            >
              Delete
            </button>
          </li>
        }
      </ul>
    }
    <div class="files">
      <button
        mat-button
        type="button"
        [disabled]="templates.templates().length === 0"
        (click)="exportFile()"
      >
        Export templates
      </button>
      <button mat-button type="button" (click)="picker.click()">Import templates</button>
      <input
        #picker
        class="picker"
        type="file"
        accept="application/json,.json"
        aria-label="Template file to import"
        (change)="importFile(picker)"
      />
    </div>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .save {
      display: flex;
      align-items: baseline;
      gap: 8px;
    }
    .name {
      flex: 1;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    li {
      display: flex;
      align-items: center;
      gap: 4px;
      padding: 4px 8px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
    }
    .what {
      flex: 1;
      min-width: 0;
      display: flex;
      flex-direction: column;
      overflow-wrap: anywhere;
      font: var(--mat-sys-body-small);
    }
    .empty,
    .message {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
    .message.error {
      color: var(--mat-sys-error);
    }
    .picker {
      display: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TemplatePanel {
  readonly draft = input.required<FilterDraft>();
  readonly applied = output<FilterTemplate>();

  protected readonly templates = inject(FilterTemplates);
  protected readonly name = signal('');
  protected readonly message = signal<{ text: string; isError: boolean } | null>(null);

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected save(event: Event): void {
    event.preventDefault();
    const name = this.name().trim();
    const existed = this.templates.has(name);
    const problem = this.templates.save(name, this.draft());
    this.show(problem ?? `${existed ? 'Replaced' : 'Saved'} "${name}".`, problem !== null);
    if (!problem) this.name.set('');
  }

  protected use(template: FilterTemplate): void {
    this.show(null);
    this.applied.emit(template);
  }

  protected remove(template: FilterTemplate): void {
    this.templates.remove(template.name);
    this.show(`Deleted "${template.name}".`);
  }

  private show(text: string | null, isError = false): void {
    this.message.set(text === null ? null : { text, isError });
  }

  protected exportFile(): void {
    const blob = new Blob([this.templates.exportJson()], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'switchboard-filter-templates.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url));
  }

  protected async importFile(picker: HTMLInputElement): Promise<void> {
    const file = picker.files?.[0];
    picker.value = '';
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      this.show(`${file.name} is over ${MAX_IMPORT_BYTES / 1_000_000} MB: not imported.`, true);
      return;
    }
    const { added, replaced, problems } = this.templates.importJson(await file.text());
    const counts = [
      `added ${added}`,
      ...(replaced ? [`replaced ${replaced} of the same name`] : []),
    ];
    const summary = `From ${file.name}: ${counts.join(', ')}.`;
    this.show(
      problems.length ? `${summary} Skipped: ${problems.join(' ')}` : summary,
      problems.length > 0,
    );
  }
}
