import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { CloudLinkError } from '../cloudlink/cloudlink-error';
import { SubscriptionSpec } from '../cloudlink/subscription';
import { SessionSupervisor } from '../session/session-supervisor';
import { EndpointDirectory } from './endpoint-directory';
import { ManagedSubscriptions } from './managed-subscriptions';
import { SubscriptionForm } from './subscription-form';

/** The live page's card: a quick create form, and the subscriptions of this tab and account. */
@Component({
  selector: 'sb-subscription-manager',
  imports: [SubscriptionForm, ManagedSubscriptions, MatButtonModule, RouterLink],
  template: `
    <div class="title">
      <h2 id="subscriptions-title">Subscriptions</h2>
      <a mat-button routerLink="/subscriptions">Filter builder</a>
    </div>
    <sb-subscription-form
      [endpoints]="endpoints()"
      [isSubmitting]="isCreating()"
      [error]="createError()"
      (submitted)="create($event)"
    />
    @if (notice(); as text) {
      <p class="notice" role="status">{{ text }}</p>
    }
    <sb-managed-subscriptions />
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .title {
      display: flex;
      align-items: center;
      justify-content: space-between;
    }
    h2 {
      font: var(--mat-sys-title-medium);
      margin: 0;
    }
    .notice {
      margin: 0;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'region', 'aria-labelledby': 'subscriptions-title' },
})
export class SubscriptionManager {
  private readonly supervisor = inject(SessionSupervisor);
  protected readonly endpoints = inject(EndpointDirectory).endpoints;
  protected readonly notice = this.supervisor.notice;
  protected readonly isCreating = signal(false);
  protected readonly createError = signal<string | null>(null);

  protected async create(spec: SubscriptionSpec): Promise<void> {
    this.isCreating.set(true);
    this.createError.set(null);
    try {
      await this.supervisor.createSubscription(spec);
    } catch (error) {
      this.createError.set(
        `Could not create the subscription: ${error instanceof CloudLinkError ? error.summary : String(error)}`,
      );
    } finally {
      this.isCreating.set(false);
    }
  }
}
