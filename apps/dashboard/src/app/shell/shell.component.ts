import { ChangeDetectionStrategy, Component, computed, inject, OnInit } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { AuthService } from '../core/auth/auth.service';
import { RealtimeService } from '../core/realtime/realtime.service';

interface NavItem {
  path: string;
  label: string;
  /** Shown to admins only; the console refuses the others anyway. */
  adminOnly?: boolean;
}

/** The frame around every signed-in page: navigation, who is signed in, the live state. */
@Component({
  selector: 'rp-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.css',
})
export class Shell implements OnInit {
  private readonly auth = inject(AuthService);
  private readonly realtime = inject(RealtimeService);

  private readonly allNav: readonly NavItem[] = [
    { path: '/overview', label: 'Overview' },
    { path: '/strategies', label: 'Strategies' },
    { path: '/runs', label: 'Runs' },
    { path: '/targets', label: 'Targets' },
    { path: '/agents', label: 'Agents' },
    { path: '/notifications', label: 'Notifications' },
    { path: '/settings', label: 'Settings', adminOnly: true },
    { path: '/users', label: 'Users', adminOnly: true },
    { path: '/audit', label: 'Audit', adminOnly: true },
  ];
  protected readonly nav = computed(() =>
    this.allNav.filter((item) => !item.adminOnly || this.auth.can('administer')),
  );

  protected readonly user = this.auth.user;
  protected readonly live = this.realtime.state;
  protected readonly liveLabel = computed(() => LIVE_LABELS[this.live()]);

  ngOnInit(): void {
    this.realtime.connect();
  }

  protected signOut(): void {
    this.auth.signOut();
  }
}

const LIVE_LABELS = {
  live: 'Live',
  connecting: 'Connecting…',
  offline: 'Offline',
} as const;
