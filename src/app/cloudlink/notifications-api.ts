import { HttpClient, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, firstValueFrom } from 'rxjs';
import { APP_CONFIG } from '../config/app-config';
import { CloudLinkError, toCloudLinkError } from './cloudlink-error';
import { WebSocketConnection, readConnection } from './connection';
import {
  Subscription,
  SubscriptionRequest,
  readSubscription,
  readSubscriptionList,
} from './subscription';

/** A REST result with the correlation id the diagnostics timeline shows. */
export interface Traced<T> {
  readonly value: T;
  readonly correlationId: string | null;
}

/** REST client for CloudLink's Notifications service: /connections and /subscriptions. */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(APP_CONFIG).notificationsBaseUrl;

  async createConnection(): Promise<Traced<WebSocketConnection>> {
    const url = `${this.base}/connections`;
    const response = await this.send(url, this.http.post(url, { transport: 'websocket' }, FULL));
    const connection = readConnection(response.body, Date.now());
    if (!connection) {
      throw new CloudLinkError(
        'POST /connections answered without a WebSocket URL (looked for websocketUri, websocketUrl, uri, url).',
        response.status,
        url,
        correlationOf(response),
      );
    }
    return { value: connection, correlationId: correlationOf(response) };
  }

  async createSubscription(request: SubscriptionRequest): Promise<Traced<Subscription>> {
    const url = `${this.base}/subscriptions`;
    const body = withoutEmpty(request);
    const response = await this.send(url, this.http.post(url, body, FULL));
    const subscription = readSubscription(response.body);
    if (!subscription) {
      throw new CloudLinkError(
        'POST /subscriptions answered without a subscriptionId.',
        response.status,
        url,
        correlationOf(response),
      );
    }
    // Echoed fields may be missing: fall back to what was asked for.
    return {
      value: {
        ...body,
        ...definedFields(subscription),
        subscriptionId: subscription.subscriptionId,
      },
      correlationId: correlationOf(response),
    };
  }

  async listSubscriptions(): Promise<Subscription[]> {
    const url = `${this.base}/subscriptions`;
    const response = await this.send(url, this.http.get(url, FULL));
    return readSubscriptionList(response.body);
  }

  /** Deletes one subscription; a 404 (already gone) counts as done. */
  async deleteSubscription(subscriptionId: string): Promise<Traced<boolean>> {
    const url = `${this.base}/subscriptions/${encodeURIComponent(subscriptionId)}`;
    try {
      const response = await this.send(url, this.http.delete(url, FULL));
      return { value: true, correlationId: correlationOf(response) };
    } catch (error) {
      if (error instanceof CloudLinkError && error.status === 404) {
        return { value: false, correlationId: error.correlationId };
      }
      throw error;
    }
  }

  /**
   * Deletes subscriptions while the page is going away: `keepalive` lets the browser finish
   * the requests after the tab closes. Fire and forget; nobody is left to read a result.
   */
  deleteOnPageHide(subscriptionIds: readonly string[]): void {
    for (const id of subscriptionIds) {
      const url = `${this.base}/subscriptions/${encodeURIComponent(id)}`;
      this.http.delete(url, { keepalive: true }).subscribe({ error: () => undefined });
    }
  }

  private async send(
    url: string,
    request: Observable<HttpResponse<unknown>>,
  ): Promise<HttpResponse<unknown>> {
    try {
      return await firstValueFrom(request);
    } catch (error) {
      throw toCloudLinkError(error, url);
    }
  }
}

const FULL = { observe: 'response' as const };

function correlationOf(response: HttpResponse<unknown>): string | null {
  return response.headers.get('x-mitel-correlation-id');
}

function withoutEmpty(request: SubscriptionRequest): SubscriptionRequest {
  const entries = Object.entries(request).filter(
    ([, value]) => value !== undefined && value !== '',
  );
  return Object.fromEntries(entries) as unknown as SubscriptionRequest;
}

function definedFields(subscription: Subscription): Partial<Subscription> {
  return Object.fromEntries(
    Object.entries(subscription).filter(([, value]) => value !== undefined && value !== ''),
  ) as Partial<Subscription>;
}
