import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';

import { AuthService } from './auth.service';

export const signedInGuard: CanActivateFn = (_route, state) => {
  if (inject(AuthService).isSignedIn()) {
    return true;
  }

  return inject(Router).createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
};
