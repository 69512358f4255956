import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectChange, MatSelectModule } from '@angular/material/select';
import { DEFAULT_SUBJECT_FILTER, SubscriptionSpec, TOPICS } from '../cloudlink/subscription';
import { KnownEndpoint } from './endpoint-directory';
import {
  extensionFilter,
  publicationFilterValidator,
  subjectFilterValidator,
} from './filter-validators';

/** Topic, subject filter (with an extension quick pick) and optional publication filter. */
@Component({
  selector: 'sb-subscription-form',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
  ],
  templateUrl: './subscription-form.html',
  styleUrl: './subscription-form.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubscriptionForm {
  readonly endpoints = input<readonly KnownEndpoint[]>([]);
  readonly isSubmitting = input(false);
  readonly error = input<string | null>(null);
  readonly submitted = output<SubscriptionSpec>();

  protected readonly topics = TOPICS;
  protected readonly form = inject(NonNullableFormBuilder).group({
    topic: ['platform-api-media'],
    subjectFilter: [DEFAULT_SUBJECT_FILTER, subjectFilterValidator],
    publicationFilter: ['', publicationFilterValidator],
  });

  protected pickExtension(change: MatSelectChange<string>): void {
    if (!change.value) return;
    this.form.controls.subjectFilter.setValue(extensionFilter(change.value));
    this.form.controls.subjectFilter.markAsDirty();
    change.source.writeValue(null);
  }

  protected submit(): void {
    if (this.form.invalid || this.isSubmitting()) {
      this.form.markAllAsTouched();
      return;
    }
    const { topic, subjectFilter, publicationFilter } = this.form.getRawValue();
    this.submitted.emit({
      topic,
      subjectFilter,
      ...(publicationFilter.trim() ? { publicationFilter: publicationFilter.trim() } : {}),
    });
  }
}
