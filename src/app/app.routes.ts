import { Routes } from '@angular/router';
import { requireSignedIn, requireSignedOut } from './auth/auth-guards';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'live' },
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
    path: 'diagnostics',
    title: 'Connection doctor · Switchboard',
    canActivate: [requireSignedIn],
    loadComponent: () => import('./diagnostics/connection-doctor').then((m) => m.ConnectionDoctor),
  },
  { path: '**', redirectTo: 'live' },
];
