import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { Authenticator } from './authenticator';

/** Signed out, a shared link (a filtered view, say) survives the trip through sign-in. */
export const requireSignedIn: CanActivateFn = (_route, state) =>
  inject(Authenticator).isSignedIn() ||
  inject(Router).createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });

export const requireSignedOut: CanActivateFn = () =>
  !inject(Authenticator).isSignedIn() || inject(Router).parseUrl('/live');

/** Only this app's own console pages are followed after sign-in. */
export function safeReturnUrl(value: string | null): string {
  return value !== null && /^\/(?:live|subscriptions|diagnostics)(?:[/?#]|$)/.test(value)
    ? value
    : '/live';
}
