import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';

import { aLoginResponse, memoryStorage } from '../../../testing/factories';
import { provideDashboardTesting } from '../../../testing/providers';
import { AuthService } from '../../core/auth/auth.service';
import { SESSION_KEY } from '../../core/auth/session';
import { SignInPage } from './sign-in.page';

describe(SignInPage.name, () => {
  let fixture: ComponentFixture<SignInPage>;
  let http: HttpTestingController;
  let navigateByUrl: jest.SpyInstance;
  let storage: Storage;

  beforeEach(async () => {
    storage = memoryStorage();
    TestBed.configureTestingModule({ providers: provideDashboardTesting({ storage }) });

    http = TestBed.inject(HttpTestingController);
    navigateByUrl = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(SignInPage);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function field(label: string): HTMLInputElement {
    const element = fixture.nativeElement as HTMLElement;
    const labelElement = [...element.querySelectorAll('label')].find(
      (l) => l.textContent?.trim() === label,
    );

    return element.querySelector(`#${labelElement?.getAttribute('for')}`) as HTMLInputElement;
  }

  async function signIn(username: string, password: string): Promise<void> {
    for (const [label, value] of [
      ['Username', username],
      ['Password', password],
    ]) {
      const input = field(label);
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }

    button().click();
    await fixture.whenStable();
  }

  function button(): HTMLButtonElement {
    return fixture.nativeElement.querySelector('button[type=submit]');
  }

  function text(testId: string): string | undefined {
    return fixture.nativeElement.querySelector(`[data-testid=${testId}]`)?.textContent?.trim();
  }

  it('labels its fields Username and Password and its button Sign in', () => {
    expect(field('Username')).toBeInstanceOf(HTMLInputElement);
    expect(field('Password').type).toBe('password');
    expect(button().textContent?.trim()).toBe('Sign in');
  });

  it('signs in, keeps the session and opens the overview', async () => {
    await signIn('admin', 's3cret');

    const request = http.expectOne('/api/v1/auth/login');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ username: 'admin', password: 's3cret' });
    expect(request.request.headers.has('Authorization')).toBe(false);

    request.flush(aLoginResponse());
    await fixture.whenStable();

    expect(navigateByUrl).toHaveBeenCalledWith('/overview');
    expect(TestBed.inject(AuthService).accessToken()).toBe('access-1');
    expect(JSON.parse(storage.getItem(SESSION_KEY) ?? '{}').refreshToken).toBe('refresh-1');
  });

  it('returns to the page that sent the user to sign in', async () => {
    fixture.componentRef.setInput('returnUrl', '/runs/run-7');

    await signIn('admin', 's3cret');
    http.expectOne('/api/v1/auth/login').flush(aLoginResponse());
    await fixture.whenStable();

    expect(navigateByUrl).toHaveBeenCalledWith('/runs/run-7');
  });

  it('ignores a return address outside the dashboard', async () => {
    fixture.componentRef.setInput('returnUrl', '//evil.example/phish');

    await signIn('admin', 's3cret');
    http.expectOne('/api/v1/auth/login').flush(aLoginResponse());
    await fixture.whenStable();

    expect(navigateByUrl).toHaveBeenCalledWith('/overview');
  });

  it('says so when the console refuses the credentials', async () => {
    await signIn('admin', 'wrong');

    http
      .expectOne('/api/v1/auth/login')
      .flush(
        { statusCode: 401, message: 'Invalid credentials' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await fixture.whenStable();

    expect(text('sign-in-error')).toBe(
      'Wrong username or password, or the user is locked (an admin can unlock it).',
    );
    expect(navigateByUrl).not.toHaveBeenCalled();
    expect(TestBed.inject(AuthService).isSignedIn()).toBe(false);
    expect(button().disabled).toBe(false);
  });

  it('says so when the console cannot be reached', async () => {
    await signIn('admin', 's3cret');

    http.expectOne('/api/v1/auth/login').error(new ProgressEvent('error'));
    await fixture.whenStable();

    expect(text('sign-in-error')).toContain('the console cannot be reached');
  });

  it('sends nothing while a field is empty', async () => {
    await signIn('', '');

    http.expectNone('/api/v1/auth/login');
    expect(fixture.nativeElement.textContent).toContain('Enter your username.');
  });
});
