import { Routes } from '@angular/router';

import { signedInGuard } from './core/auth/signed-in.guard';
import { Shell } from './shell/shell.component';

export const routes: Routes = [
  {
    path: 'sign-in',
    title: 'Sign in · Rampart',
    loadComponent: () => import('./features/sign-in/sign-in.page').then((m) => m.SignInPage),
  },
  {
    path: '',
    component: Shell,
    canActivate: [signedInGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'overview' },
      {
        path: 'overview',
        title: 'Overview · Rampart',
        loadComponent: () =>
          import('./features/overview/overview.page').then((m) => m.OverviewPage),
      },
      {
        path: 'strategies',
        title: 'Strategies · Rampart',
        loadComponent: () =>
          import('./features/strategies/strategies.page').then((m) => m.StrategiesPage),
      },
      {
        path: 'runs',
        title: 'Runs · Rampart',
        loadComponent: () => import('./features/runs/runs.page').then((m) => m.RunsPage),
      },
      {
        path: 'runs/:id',
        title: 'Run · Rampart',
        loadComponent: () =>
          import('./features/run-detail/run-detail.page').then((m) => m.RunDetailPage),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
