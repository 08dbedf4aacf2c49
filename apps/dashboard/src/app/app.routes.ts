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
        path: 'strategies/new',
        title: 'New strategy · Rampart',
        loadComponent: () =>
          import('./features/strategy-wizard/strategy-wizard.page').then(
            (m) => m.StrategyWizardPage,
          ),
      },
      {
        path: 'strategies/:id/edit',
        title: 'Edit strategy · Rampart',
        loadComponent: () =>
          import('./features/strategy-wizard/strategy-wizard.page').then(
            (m) => m.StrategyWizardPage,
          ),
      },
      {
        path: 'targets',
        title: 'Targets · Rampart',
        loadComponent: () => import('./features/targets/targets.page').then((m) => m.TargetsPage),
      },
      {
        path: 'agents',
        title: 'Agents · Rampart',
        loadComponent: () => import('./features/agents/agents.page').then((m) => m.AgentsPage),
      },
      {
        path: 'settings',
        title: 'Settings · Rampart',
        loadComponent: () =>
          import('./features/settings/settings.page').then((m) => m.SettingsPage),
      },
      {
        path: 'notifications',
        title: 'Notifications · Rampart',
        loadComponent: () =>
          import('./features/settings/notifications.page').then((m) => m.NotificationsPage),
      },
      {
        path: 'users',
        title: 'Users · Rampart',
        loadComponent: () => import('./features/users/users.page').then((m) => m.UsersPage),
      },
      {
        path: 'audit',
        title: 'Audit · Rampart',
        loadComponent: () => import('./features/audit/audit.page').then((m) => m.AuditPage),
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
