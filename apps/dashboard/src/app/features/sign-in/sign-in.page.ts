import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router } from '@angular/router';

import { AuthService } from '../../core/auth/auth.service';
import { describeError } from '../../core/http/api-error';

@Component({
  selector: 'rp-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule],
  templateUrl: './sign-in.page.html',
  styleUrl: './sign-in.page.css',
})
export class SignInPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  /** Where to go after signing in; bound from the query string. */
  readonly returnUrl = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });

  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = this.auth.endedNotice;

  protected submit(): void {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }

    this.busy.set(true);
    this.error.set(null);

    this.auth.signIn(this.form.getRawValue()).subscribe({
      next: () => void this.router.navigateByUrl(this.safeReturnUrl()),
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(signInFailure(error));
      },
    });
  }

  /** Only paths inside the dashboard: a crafted link must not send the user elsewhere. */
  private safeReturnUrl(): string {
    const url = this.returnUrl();

    return url?.startsWith('/') && !url.startsWith('//') ? url : '/overview';
  }
}

function signInFailure(error: unknown): string {
  if (error instanceof HttpErrorResponse && error.status === 401) {
    return 'Wrong username or password, or the user is locked (an admin can unlock it).';
  }

  if (error instanceof HttpErrorResponse && error.status === 429) {
    return 'Too many failed sign-ins from this address. Wait 15 minutes, or ask an admin.';
  }

  return describeError(error, 'sign in');
}
