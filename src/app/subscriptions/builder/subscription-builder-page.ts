import { Clipboard } from '@angular/cdk/clipboard';
import { CdkTextareaAutosize } from '@angular/cdk/text-field';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import { debounceTime, skip } from 'rxjs';
import { CloudLinkError } from '../../cloudlink/cloudlink-error';
import { METHODS, TOPICS } from '../../cloudlink/subscription';
import { LiveEvents } from '../../events/live-events';
import { sampledSignal } from '../../events/sampled-signal';
import { SessionSupervisor } from '../../session/session-supervisor';
import { EndpointDirectory } from '../endpoint-directory';
import {
  EMPTY_DRAFT,
  FilterDraft,
  MAX_FILTER_LENGTH,
  draftFromParams,
  draftToParams,
  draftToSpec,
} from '../filter-draft';
import { FilterPair } from '../filter-matching';
import { FilterTemplate } from '../filter-templates';
import { ManagedSubscriptions } from '../managed-subscriptions';
import { SubscriptionActivity } from '../subscription-activity';
import {
  RowsFilter,
  buildPublicationFilter,
  checkPublicationFilter,
  explainPublicationFilter,
  parsePublicationFilter,
} from '../publication-filter-builder';
import {
  SUBJECT_CATALOG,
  SubjectPieces,
  buildSubjectFilter,
  defaultPieces,
  parseSubjectFilter,
} from '../subject-filter-builder';
import {
  explainSubjectFilter,
  subjectFilterSyntax,
  subjectFilterWarnings,
} from '../subject-filter-checks';
import type { FilterWarning } from '../subject-filter-checks';
import { DryRunPanel } from './dry-run-panel';
import { PublicationRowsEditor } from './publication-rows-editor';
import { knownSubjects } from './known-subjects';
import { SubjectPiecesEditor } from './subject-pieces-editor';
import { PreviewSubject, SubjectPreview } from './subject-preview';
import { TemplatePanel } from './template-panel';

/** The address follows the form once typing pauses this long. */
const ADDRESS_DEBOUNCE_MS = 400;
/** Known subjects follow new events this often. */
const KNOWN_REFRESH_MS = 2000;

/**
 * The testers' filter builder: topic, subject filter (pieces or expression, in sync), a
 * live preview over known and typed subjects, the publication filter (rows or JSONPath),
 * the method filter, a dry run over this session's events, templates, a link that
 * pre-fills it all, and the subscriptions it manages. Edit swaps a subscription.
 */
@Component({
  selector: 'sb-subscription-builder-page',
  imports: [
    CdkTextareaAutosize,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    RouterLink,
    SubjectPiecesEditor,
    PublicationRowsEditor,
    SubjectPreview,
    DryRunPanel,
    TemplatePanel,
    ManagedSubscriptions,
  ],
  templateUrl: './subscription-builder-page.html',
  styleUrl: './subscription-builder-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubscriptionBuilderPage {
  private readonly supervisor = inject(SessionSupervisor);
  private readonly live = inject(LiveEvents);
  private readonly directory = inject(EndpointDirectory);
  private readonly router = inject(Router);
  private readonly clipboard = inject(Clipboard);
  private readonly activity = inject(SubscriptionActivity);
  private readonly route = inject(ActivatedRoute);
  private readonly query = this.route.snapshot.queryParamMap;

  protected readonly topics = TOPICS;
  protected readonly methods = METHODS;
  private readonly fromLink = draftFromParams((name) => this.query.get(name));

  protected readonly topic = signal(this.fromLink.draft?.topic ?? EMPTY_DRAFT.topic);
  protected readonly subjectFilter = signal(
    this.fromLink.draft?.subjectFilter ?? EMPTY_DRAFT.subjectFilter,
  );
  protected readonly publicationFilter = signal(this.fromLink.draft?.publicationFilter ?? '');
  protected readonly methodFilter = signal(this.fromLink.draft?.methodFilter ?? '');
  protected readonly linkProblems = signal<readonly string[]>(this.fromLink.problems);

  /** The subscription being edited (from the list's Edit), while this tab holds it. */
  protected readonly editingId = signal(this.query.get('edit'));
  protected readonly editing = computed(() => {
    const id = this.editingId();
    if (id === null) return null;
    return (
      this.supervisor.subscriptions().find((s) => s.subscription.subscriptionId === id) ?? null
    );
  });

  protected readonly draft = computed<FilterDraft>(() => ({
    topic: this.topic(),
    subjectFilter: this.subjectFilter(),
    publicationFilter: this.publicationFilter(),
    methodFilter: this.methodFilter(),
  }));

  protected readonly shape = computed(
    () => SUBJECT_CATALOG.find((shape) => shape.topic === this.topic()) ?? SUBJECT_CATALOG[0],
  );
  protected readonly syntax = computed(() => subjectFilterSyntax(this.subjectFilter()));
  protected readonly warnings = computed(() => subjectFilterWarnings(this.subjectFilter()));
  protected readonly explanation = computed(() => explainSubjectFilter(this.subjectFilter()));
  protected readonly pieces = computed<SubjectPieces | null>(() => {
    const pieces = parseSubjectFilter(this.subjectFilter());
    return pieces && pieces.collection === this.shape().collection ? pieces : null;
  });

  protected readonly publicationCheck = computed(() =>
    checkPublicationFilter(this.publicationFilter()),
  );
  protected readonly rows = computed(() => parsePublicationFilter(this.publicationFilter()));
  protected readonly publicationExplanation = computed(() =>
    explainPublicationFilter(this.publicationFilter()),
  );

  /** What the pieces being typed lack; the expression keeps its last complete value. */
  protected readonly piecesProblem = signal<string | null>(null);
  /** What the publication rows being typed lack. */
  protected readonly rowsProblem = signal<string | null>(null);

  /** Why the form cannot be submitted, in plain words; null when it can. */
  protected readonly blocker = computed<string | null>(() => {
    const subject = this.subjectFilter();
    if (subject.trim() === '') return 'Enter a subject filter.';
    if (subject.length > MAX_FILTER_LENGTH) {
      return `The subject filter is over ${MAX_FILTER_LENGTH} characters.`;
    }
    const syntax = this.syntax();
    if (syntax) return `The subject filter is not a valid regular expression: ${syntax.message}`;
    const blocking = this.warnings().find((warning) => this.isBlocking(warning));
    if (blocking) return blocking.message;
    const pieces = this.pieces() !== null ? this.piecesProblem() : null;
    if (pieces) return `Finish the pieces: ${pieces}`;
    if (this.publicationFilter().length > MAX_FILTER_LENGTH) {
      return `The publication filter is over ${MAX_FILTER_LENGTH} characters.`;
    }
    const publication = this.publicationCheck().problem;
    if (publication) return `The publication filter cannot be used: ${publication}`;
    const rows = this.rows() !== null ? this.rowsProblem() : null;
    if (rows) return `Finish the publication filter: ${rows}`;
    return null;
  });

  /**
   * The expression the preview runs, or null: never one that does not compile, nor one
   * that can backtrack badly (it could hang this tab on a long subject, as it would hang a
   * broker).
   */
  protected readonly previewExpression = computed(() =>
    this.syntax() !== null || this.warnings().some((warning) => warning.code === 'backtracking')
      ? null
      : this.subjectFilter(),
  );

  protected readonly filters = computed<FilterPair | null>(() =>
    this.blocker() === null ? this.draft() : null,
  );

  private readonly received = sampledSignal(() => this.live.receivedSoFar(), KNOWN_REFRESH_MS);
  protected readonly known = computed<readonly PreviewSubject[]>(() => {
    this.received();
    const topic = this.topic();
    const endpoints = this.directory.endpoints();
    return untracked(() => knownSubjects(topic, this.live.recent(2000), endpoints));
  });

  /** A subscription this tab holds with exactly these filters (creating it again is legal). */
  protected readonly sameAs = computed(() => {
    const spec = draftToSpec(this.draft());
    return (
      this.supervisor
        .subscriptions()
        .find(
          ({ subscription: held }) =>
            held.topic === spec.topic &&
            held.subjectFilter === spec.subjectFilter &&
            (held.publicationFilter ?? '') === (spec.publicationFilter ?? '') &&
            (held.methodFilter ?? '') === (spec.methodFilter ?? ''),
        ) ?? null
    );
  });

  /** The query parameters that describe the form as it is. */
  private readonly addressParams = computed(() => ({
    ...draftToParams(this.draft()),
    edit: this.editingId(),
  }));
  private lastWrittenAddress: string | null = null;

  private paramsOf(params: ParamMap): Record<string, string | null> {
    return Object.fromEntries(
      Object.keys(this.addressParams()).map((name) => [name, params.get(name)]),
    );
  }

  private readonly subjectByTopic = new Map<string, string>();
  private draftBeforeEdit: FilterDraft | null = null;
  protected readonly isSaving = signal(false);
  protected readonly outcome = signal<{ text: string; isError: boolean } | null>(null);

  constructor() {
    this.route.queryParamMap
      .pipe(skip(1), takeUntilDestroyed())
      .subscribe((params) => this.followLink(params));
    // The address follows the form (without piling up history), so it can be shared too.
    toObservable(this.addressParams)
      .pipe(skip(1), debounceTime(ADDRESS_DEBOUNCE_MS), takeUntilDestroyed())
      .subscribe((params) => this.writeAddress(params));
  }

  /** A filter is one line: a line break pasted in is dropped, not kept invisibly. */
  protected text(event: Event): string {
    return (event.target as HTMLInputElement | HTMLTextAreaElement).value.replace(/[\r\n]+/g, '');
  }

  /** MQTT wildcards match nothing; catastrophic backtracking can hang whoever matches. */
  protected isBlocking(warning: FilterWarning): boolean {
    return warning.code === 'mqtt-wildcard' || warning.code === 'backtracking';
  }

  /** Enter in a text field does not submit: only the button creates a subscription. */
  protected holdEnter(event: Event): void {
    if (event.target instanceof HTMLInputElement) event.preventDefault();
  }

  /**
   * A subject filter built for one topic's collection does not fit another: switching
   * brings back what this topic had (or its default); a free-form expression stays.
   */
  protected changeTopic(topic: string): void {
    this.subjectByTopic.set(this.topic(), this.subjectFilter());
    this.topic.set(topic);
    const pieces = parseSubjectFilter(this.subjectFilter());
    if (pieces !== null && pieces.collection !== this.shape().collection) {
      this.subjectFilter.set(
        this.subjectByTopic.get(topic) ?? buildSubjectFilter(defaultPieces(topic)),
      );
    }
  }

  protected changePieces(pieces: SubjectPieces): void {
    this.subjectFilter.set(buildSubjectFilter(pieces));
  }

  protected startFromPieces(): void {
    this.subjectFilter.set(buildSubjectFilter(defaultPieces(this.topic())));
  }

  protected changeRows(rows: RowsFilter): void {
    this.publicationFilter.set(buildPublicationFilter(rows));
  }

  protected apply(template: FilterTemplate | FilterDraft): void {
    this.topic.set(template.topic);
    this.subjectFilter.set(template.subjectFilter);
    this.publicationFilter.set(template.publicationFilter);
    this.methodFilter.set(template.methodFilter);
  }

  /** Copies a link that pre-fills this form (the filters only: never a token or URL). */
  protected copyLink(): void {
    const tree = this.router.createUrlTree(['/subscriptions'], {
      queryParams: draftToParams(this.draft()),
    });
    const link = `${location.origin}${this.router.serializeUrl(tree)}`;
    const copied = this.clipboard.copy(link);
    this.outcome.set({
      text: copied ? 'Link copied: it opens this form with these filters.' : `Link: ${link}`,
      isError: false,
    });
  }

  /** Leaves edit mode and brings back what the form held before Edit, if it was open. */
  protected cancelEdit(): void {
    if (this.draftBeforeEdit) this.apply(this.draftBeforeEdit);
    this.leaveEditMode();
  }

  /** The address keeps up with the form, so following it again changes nothing. */
  private leaveEditMode(): void {
    this.draftBeforeEdit = null;
    this.editingId.set(null);
    this.writeAddress(this.addressParams());
  }

  private writeAddress(params: Record<string, string | null>): void {
    this.lastWrittenAddress = JSON.stringify(params);
    void this.router.navigate([], { queryParams: params, replaceUrl: true });
  }

  /** A link followed while the page is open (Edit in the list below, say). */
  private followLink(params: ParamMap): void {
    // The address this page wrote itself brings nothing new (and may lag the keyboard).
    if (JSON.stringify(this.paramsOf(params)) === this.lastWrittenAddress) return;
    const { draft, problems } = draftFromParams((name) => params.get(name));
    const startsEditing = params.get('edit') !== null && this.editingId() === null;
    if (startsEditing) this.draftBeforeEdit = this.draft();
    if (draft) this.apply(draft);
    this.linkProblems.set(problems);
    this.editingId.set(params.get('edit'));
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.blocker() !== null || this.isSaving()) return;
    const spec = draftToSpec(this.draft());
    const editing = this.editing();
    this.isSaving.set(true);
    this.outcome.set(null);
    try {
      if (editing) {
        const created = await this.activity.replace(editing.subscription.subscriptionId, spec);
        this.leaveEditMode();
        this.outcome.set({
          text: `Replaced: subscription ${created.subscriptionId} took over, then the old one was deleted.`,
          isError: false,
        });
      } else {
        const created = await this.supervisor.createSubscription(spec);
        this.outcome.set({
          text: `Created subscription ${created.subscriptionId}. Its events show in the live feed.`,
          isError: false,
        });
      }
    } catch (error) {
      this.outcome.set({
        text: `Could not ${editing ? 'replace' : 'create'} the subscription: ${
          error instanceof CloudLinkError ? error.summary : String(error)
        }`,
        isError: true,
      });
    } finally {
      this.isSaving.set(false);
    }
  }
}
