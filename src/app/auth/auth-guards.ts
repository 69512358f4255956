import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { Authenticator } from './authenticator';

export const requireSignedIn: CanActivateFn = () =>
  inject(Authenticator).isSignedIn() || inject(Router).parseUrl('/sign-in');

export const requireSignedOut: CanActivateFn = () =>
  !inject(Authenticator).isSignedIn() || inject(Router).parseUrl('/live');
