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
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import {
  Combinator,
  FILTER_FIELDS,
  FILTER_OPERATORS,
  FilterOperator,
  FilterRow,
  RowsFilter,
  buildPublicationFilter,
  rowProblem,
} from '../publication-filter-builder';

/**
 * The publication filter as rows of field / operator / value, all or any of them. Emits
 * the rows only when every row is complete; an incomplete row says what it lacks.
 */
@Component({
  selector: 'sb-publication-rows-editor',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  template: `
    @if (rows().length > 1) {
      <mat-form-field class="combinator">
        <mat-label>Pass when</mat-label>
        <mat-select [value]="combinator()" (valueChange)="combinator.set($event); emit()">
          <mat-option value="and">all conditions hold</mat-option>
          <mat-option value="or">any condition holds</mat-option>
        </mat-select>
      </mat-form-field>
    }
    @for (row of rows(); track $index; let i = $index) {
      @let field = fieldOf(row.field);
      <div class="row" role="group" [attr.aria-label]="'Condition ' + (i + 1)">
        <mat-form-field class="field">
          <mat-label>Field</mat-label>
          <mat-select [value]="row.field" (valueChange)="update(i, { field: $event, value: '' })">
            @for (f of fields; track f.key) {
              <mat-option [value]="f.key">{{ f.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field class="operator">
          <mat-label>Operator</mat-label>
          <mat-select [value]="row.operator" (valueChange)="update(i, { operator: $event })">
            @for (op of operators; track op.key) {
              <mat-option [value]="op.key">{{ op.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        @if (needsValue(row.operator)) {
          @if (field?.values && (row.operator === 'is' || row.operator === 'isNot')) {
            <mat-form-field class="value">
              <mat-label>Value</mat-label>
              <mat-select [value]="row.value" (valueChange)="update(i, { value: $event })">
                @for (v of field?.values; track v) {
                  <mat-option [value]="v">{{ v }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
          } @else {
            <mat-form-field class="value">
              <mat-label>Value</mat-label>
              <input
                matInput
                [value]="row.value"
                (input)="update(i, { value: text($event) })"
                spellcheck="false"
                autocomplete="off"
              />
            </mat-form-field>
          }
        }
        <button
          mat-button
          type="button"
          [attr.aria-label]="'Remove condition ' + (i + 1)"
          (click)="remove(i)"
        >
          Remove
        </button>
        @if (problems()[i]; as problem) {
          <p class="problem">{{ problem }}</p>
        }
      </div>
    }
    <button mat-stroked-button type="button" (click)="add()">Add condition</button>
  `,
  styles: `
    mat-form-field {
      margin-bottom: 4px;
    }
    :host {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 4px;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 8px;
      width: 100%;
    }
    .field,
    .operator {
      width: 150px;
    }
    .value {
      flex: 1;
      min-width: 140px;
    }
    .combinator {
      width: 240px;
    }
    .problem {
      flex-basis: 100%;
      margin: -12px 0 8px;
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PublicationRowsEditor {
  /** The rows of the current filter, or null when it is JSONPath the rows cannot show. */
  readonly filter = input.required<RowsFilter | null>();
  readonly filterChange = output<RowsFilter>();
  /** The first incomplete row's problem (null when every row is complete). */
  readonly problemChange = output<string | null>();

  protected readonly fields = FILTER_FIELDS;
  protected readonly operators = FILTER_OPERATORS;
  protected readonly rows = signal<readonly FilterRow[]>([]);
  protected readonly combinator = signal<Combinator>('and');
  protected readonly problems = computed(() => this.rows().map((row) => rowProblem(row)));
  private lastEmitted: string | null = null;

  constructor() {
    effect(() => {
      const index = this.problems().findIndex((problem) => problem !== null);
      this.problemChange.emit(
        index < 0 ? null : `Condition ${index + 1}: ${this.problems()[index]}`,
      );
    });
    effect(() => {
      const filter = this.filter();
      untracked(() => {
        if (filter === null || buildPublicationFilter(filter) === this.lastEmitted) return;
        this.rows.set(filter.rows);
        this.combinator.set(filter.combinator);
        this.lastEmitted = buildPublicationFilter(filter);
      });
    });
  }

  protected fieldOf(key: string) {
    return FILTER_FIELDS.find((field) => field.key === key);
  }

  protected needsValue(operator: FilterOperator): boolean {
    return FILTER_OPERATORS.find((op) => op.key === operator)?.needsValue ?? true;
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected add(): void {
    this.rows.update((rows) => [...rows, { field: 'state', operator: 'is', value: 'ringing' }]);
    this.emit();
  }

  protected remove(index: number): void {
    this.rows.update((rows) => rows.filter((_, i) => i !== index));
    this.emit();
  }

  protected update(index: number, change: Partial<FilterRow>): void {
    this.rows.update((rows) => rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
    this.emit();
  }

  protected emit(): void {
    if (this.problems().some((problem) => problem !== null)) return;
    const filter: RowsFilter = { combinator: this.combinator(), rows: this.rows() };
    this.lastEmitted = buildPublicationFilter(filter);
    this.filterChange.emit(filter);
  }
}
