import { inject } from '@angular/core';
import { Router, Routes } from '@angular/router';
import { requireSignedIn, requireSignedOut } from './auth/auth-guards';

export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    // `?mode=direct&url=...&topic=...` opens direct MQTT mode (a link never holds a password).
    redirectTo: ({ queryParams }) =>
      queryParams['mode'] === 'direct'
        ? inject(Router).createUrlTree(['/direct'], {
            queryParams: { url: queryParams['url'] ?? null, topic: queryParams['topic'] ?? null },
          })
        : '/live',
  },
  {
    path: 'direct',
    title: 'Direct MQTT · Switchboard',
    loadComponent: () => import('./direct/direct-page').then((m) => m.DirectPage),
  },
  {
    path: 'sign-in',
    title: 'Sign in · Switchboard',
    canActivate: [requireSignedOut],
    loadComponent: () => import('./auth/sign-in').then((m) => m.SignIn),
  },
  {
    path: 'live',
    title: 'Live · Switchboard',
    canActivate: [requireSignedIn],
    loadComponent: () => import('./console/console-page').then((m) => m.ConsolePage),
  },
  {
    path: 'subscriptions',
    title: 'Filter builder · Switchboard',
    canActivate: [requireSignedIn],
    loadComponent: () =>
      import('./subscriptions/builder/subscription-builder-page').then(
        (m) => m.SubscriptionBuilderPage,
      ),
  },
  {
    path: 'diagnostics',
    title: 'Connection doctor · Switchboard',
    canActivate: [requireSignedIn],
    loadComponent: () => import('./diagnostics/connection-doctor').then((m) => m.ConnectionDoctor),
  },
  { path: '**', redirectTo: 'live' },
];
