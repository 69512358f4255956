import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TabIdentity } from '../session/tab-identity';
import { Authenticator, SKIP_BEARER } from './authenticator';
import { mitelAppHeader } from './mitel-app-header';

/**
 * Adds `Authorization` and `X-Mitel-App` to calls to the configured CloudLink bases, and
 * nothing to any other host. A 401 triggers one token refresh and one retry.
 */
export const cloudLinkInterceptor: HttpInterceptorFn = (request, next) => {
  const config = inject(APP_CONFIG);
  if (!isCloudLinkUrl(request.url, config)) return next(request);

  const auth = inject(Authenticator);
  const identity = inject(TabIdentity);
  const appHeader = mitelAppHeader(
    config.appName,
    config.appVersion,
    navigator.userAgent,
    identity.sessionId,
  );
  const skipBearer = request.context.get(SKIP_BEARER);
  const withHeaders = (req: HttpRequest<unknown>) => {
    const token = skipBearer ? null : auth.accessToken();
    return req.clone({
      setHeaders: token
        ? { 'X-Mitel-App': appHeader, Authorization: `Bearer ${token}` }
        : { 'X-Mitel-App': appHeader },
    });
  };

  return next(withHeaders(request)).pipe(
    catchError((error: unknown) => {
      const isExpired = error instanceof HttpErrorResponse && error.status === 401;
      if (!isExpired || skipBearer || !auth.isSignedIn()) return throwError(() => error);
      return from(auth.refresh()).pipe(
        switchMap((renewed) => (renewed ? next(withHeaders(request)) : throwError(() => error))),
      );
    }),
  );
};

export function isCloudLinkUrl(url: string, config: AppConfig): boolean {
  return [config.authBaseUrl, config.notificationsBaseUrl].some(
    (base) => url === base || url.startsWith(`${base}/`),
  );
}
