import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import {
  API_VERSIONS,
  IdSelection,
  SubjectPieces,
  TopicShape,
  buildSubjectFilter,
  idSelectionProblem,
} from '../subject-filter-builder';

type IdKind = IdSelection['kind'];

/** Ids typed as a list: commas, spaces or new lines between them. */
export function splitIds(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

/**
 * The subject filter as pieces: API version, the topic's collection, which ids (any, one,
 * a list, a range) and the sub-collection. Emits pieces only when they are complete and
 * valid; what is being typed stays here, so the expression never fights the keyboard.
 */
@Component({
  selector: 'sb-subject-pieces-editor',
  imports: [MatButtonToggleModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  template: `
    <div class="row">
      <mat-form-field class="version">
        <mat-label>API version</mat-label>
        <mat-select [value]="version()" (valueChange)="version.set($event); emit()">
          @for (v of versions; track v) {
            <mat-option [value]="v">{{ v }}</mat-option>
          }
          <mat-option value="">any version</mat-option>
        </mat-select>
      </mat-form-field>
      <span class="collection">/{{ shape().collection }}/</span>
      <mat-form-field class="sub">
        <mat-label>Then</mat-label>
        <mat-select [value]="subCollection()" (valueChange)="subCollection.set($event); emit()">
          @for (sub of shape().subCollections; track sub) {
            <mat-option [value]="sub">/{{ sub }}</mat-option>
          }
          <mat-option value="">everything under it</mat-option>
        </mat-select>
      </mat-form-field>
    </div>
    <div class="ids" role="group" [attr.aria-label]="'Which ' + shape().idLabel + 's'">
      <span class="label">Which {{ shape().idLabel }}s</span>
      <mat-button-toggle-group
        [value]="kind()"
        (change)="kind.set($event.value); emit()"
        [attr.aria-label]="'Which ' + shape().idLabel + 's'"
        hideSingleSelectionIndicator
      >
        <mat-button-toggle value="any">Any</mat-button-toggle>
        <mat-button-toggle value="one">One</mat-button-toggle>
        <mat-button-toggle value="list">A list</mat-button-toggle>
        @if (shape().numericIds || kind() === 'range') {
          <mat-button-toggle value="range">A range</mat-button-toggle>
        }
      </mat-button-toggle-group>
    </div>
    @switch (kind()) {
      @case ('one') {
        <mat-form-field class="wide">
          <mat-label>{{ capitalised() }}</mat-label>
          <input
            matInput
            [value]="oneId()"
            (input)="oneId.set(text($event)); emit()"
            spellcheck="false"
            autocomplete="off"
          />
        </mat-form-field>
      }
      @case ('list') {
        <mat-form-field class="wide">
          <mat-label>{{ capitalised() }}s, separated by commas</mat-label>
          <input
            matInput
            [value]="listText()"
            (input)="listText.set(text($event)); emit()"
            spellcheck="false"
            autocomplete="off"
          />
        </mat-form-field>
      }
      @case ('range') {
        <div class="row">
          <mat-form-field>
            <mat-label>From</mat-label>
            <input
              matInput
              [value]="rangeFrom()"
              (input)="rangeFrom.set(text($event)); emit()"
              inputmode="numeric"
              autocomplete="off"
            />
          </mat-form-field>
          <mat-form-field>
            <mat-label>To</mat-label>
            <input
              matInput
              [value]="rangeTo()"
              (input)="rangeTo.set(text($event)); emit()"
              inputmode="numeric"
              autocomplete="off"
            />
          </mat-form-field>
        </div>
      }
    }
    @if (problem(); as message) {
      <p class="problem" role="alert">{{ message }}</p>
    }
  `,
  styles: `
    mat-form-field {
      margin-bottom: 4px;
    }
    :host {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 8px;
    }
    .version {
      width: 160px;
    }
    .sub {
      width: 220px;
    }
    .collection {
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
    }
    .ids {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
      margin-bottom: 12px;
    }
    .label {
      font: var(--mat-sys-body-medium);
    }
    .wide {
      width: 100%;
    }
    .problem {
      margin: 0;
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubjectPiecesEditor {
  /** The pieces of the current expression, or null when it is not one the builder makes. */
  readonly pieces = input.required<SubjectPieces | null>();
  readonly shape = input.required<TopicShape>();
  readonly piecesChange = output<SubjectPieces>();
  /** What the pieces being typed lack (null when complete): the expression waits for them. */
  readonly problemChange = output<string | null>();

  protected readonly versions = API_VERSIONS;
  protected readonly version = signal<string>(API_VERSIONS[0]);
  protected readonly subCollection = signal('');
  protected readonly kind = signal<IdKind>('any');
  protected readonly oneId = signal('');
  protected readonly listText = signal('');
  protected readonly rangeFrom = signal('');
  protected readonly rangeTo = signal('');
  private readonly anchored = signal(true);
  private lastEmitted: string | null = null;

  protected readonly capitalised = computed(() => {
    const label = this.shape().idLabel;
    return label.charAt(0).toUpperCase() + label.slice(1);
  });

  protected readonly ids = computed<IdSelection>(() => {
    switch (this.kind()) {
      case 'one':
        return { kind: 'one', id: this.oneId().trim() };
      case 'list':
        return { kind: 'list', ids: splitIds(this.listText()) };
      case 'range':
        return { kind: 'range', from: this.rangeFrom().trim(), to: this.rangeTo().trim() };
      default:
        return { kind: 'any' };
    }
  });

  protected readonly problem = computed(() => idSelectionProblem(this.ids()));

  constructor() {
    effect(() => this.problemChange.emit(this.problem()));
    // Follow the expression when it changes from elsewhere (typed, a template, a link).
    effect(() => {
      const pieces = this.pieces();
      untracked(() => {
        if (pieces === null || buildSubjectFilter(pieces) === this.lastEmitted) return;
        this.show(pieces);
      });
    });
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected emit(): void {
    if (this.problem() !== null) return;
    const pieces: SubjectPieces = {
      anchored: this.anchored(),
      version: this.version() === '' ? null : this.version(),
      collection: this.shape().collection,
      ids: this.ids(),
      subCollection: this.subCollection() === '' ? null : this.subCollection(),
    };
    this.lastEmitted = buildSubjectFilter(pieces);
    this.piecesChange.emit(pieces);
  }

  private show(pieces: SubjectPieces): void {
    this.anchored.set(pieces.anchored);
    this.version.set(pieces.version ?? '');
    this.subCollection.set(pieces.subCollection ?? '');
    const ids = pieces.ids;
    this.kind.set(ids.kind);
    if (ids.kind === 'one') this.oneId.set(ids.id);
    if (ids.kind === 'list') this.listText.set(ids.ids.join(', '));
    if (ids.kind === 'range') {
      this.rangeFrom.set(ids.from);
      this.rangeTo.set(ids.to);
    }
    this.lastEmitted = buildSubjectFilter(pieces);
  }
}
