import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

export interface ProbeResult {
  readonly status: number | null;
  /** Plain words: what the status says about the URL. */
  readonly verdict: string;
}

/**
 * After a failed handshake, asks the same (already spent) WebSocket URL with a plain GET, as
 * an HTTP client would. A 426 proves the URL valid (the endpoint only wants a WebSocket
 * upgrade); a 403 shows it expired or was mangled. The answer is all that is read.
 */
@Injectable({ providedIn: 'root' })
export class UrlProbe {
  private readonly http = inject(HttpClient);

  async probe(websocketUri: string): Promise<ProbeResult> {
    const httpUrl = websocketUri.replace(/^ws(s?):/i, 'http$1:');
    try {
      await firstValueFrom(this.http.get(httpUrl, { responseType: 'text' }));
      return { status: 200, verdict: readVerdict(200) };
    } catch (error) {
      const status = error instanceof HttpErrorResponse ? error.status : 0;
      return { status: status || null, verdict: readVerdict(status) };
    }
  }
}

export function readVerdict(status: number): string {
  switch (true) {
    case status === 426:
      return 'The URL itself is valid (426 Upgrade Required to a plain GET): the WebSocket handshake was refused for another reason (subprotocol, proxy, or a momentary refusal).';
    case status === 403:
      return 'The URL was refused (403): it expired (they last about 60 s) or was mangled on the way. A fresh URL is fetched for every attempt.';
    case status === 0:
      return 'The URL could not be probed from the browser (network or CORS), so its validity is unknown.';
    case status >= 500:
      return `The endpoint answered ${status}: the service is having trouble.`;
    default:
      return `The endpoint answered ${status} to a plain GET.`;
  }
}
