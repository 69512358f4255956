import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { subjectFilterSyntaxProblem } from './filter-matching';
import { checkPublicationFilter } from './publication-filter-builder';
import { subjectFilterWarnings } from './subject-filter-checks';

/** The subject filter is a JavaScript-compatible regular expression, not an MQTT wildcard. */
export const subjectFilterValidator: ValidatorFn = (
  control: AbstractControl<string>,
): ValidationErrors | null => {
  const value = control.value ?? '';
  if (value.trim() === '') return { required: true };
  const problem = regexProblem(value);
  if (problem) return { regex: problem };
  if (/(^|\/)[+#](\/|$)/.test(value)) {
    return {
      mqttWildcard:
        'This looks like an MQTT wildcard (+ or #). CloudLink subject filters are regular ' +
        'expressions: use [^/]+ for one level, or leave the rest off.',
    };
  }
  const backtracking = subjectFilterWarnings(value).find(
    (warning) => warning.code === 'backtracking',
  );
  if (backtracking) return { backtracking: backtracking.message };
  return null;
};

/** The publication filter, when given, is JSONPath over `{ publications: [...] }`. */
export const publicationFilterValidator: ValidatorFn = (
  control: AbstractControl<string>,
): ValidationErrors | null => {
  const value = (control.value ?? '').trim();
  if (value === '') return null;
  if (!value.startsWith('$')) {
    return {
      jsonPath: "A JSONPath starts with $, e.g. $.publications[?(@.content.state == 'ringing')]",
    };
  }
  // The filter builder's check: unbalanced brackets and quotes, and a single "=" that
  // jsonpath-plus accepts and then never matches.
  const { problem } = checkPublicationFilter(value);
  return problem === null ? null : { jsonPath: problem };
};

/** The engine's complaint about a subject filter, as delivery compiles it, or null. */
export const regexProblem = subjectFilterSyntaxProblem;

/** Extension quick pick: `/2017-09-01/endpoints/<ext>/calls`. */
export function extensionFilter(endpointId: string): string {
  return `/2017-09-01/endpoints/${escapeRegex(endpointId)}/calls`;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
