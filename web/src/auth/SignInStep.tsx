import { Suspense, lazy } from 'react';
import type { Me } from '../api/auth.js';
import { FullPageLoader } from '../components/FullPage.js';

const SecondFactorPage = lazy(() => import('./SecondFactorPage.js').then((m) => ({ default: m.SecondFactorPage })));
const EnrolPage = lazy(() => import('./EnrolPage.js').then((m) => ({ default: m.EnrolPage })));
const ChangePasswordPage = lazy(() => import('./ChangePasswordPage.js').then((m) => ({ default: m.ChangePasswordPage })));

/** The step the server says comes next: the second factor, enrolling one, or a new password. */
export function SignInStep({ me }: { me: Me }) {
  return (
    <Suspense fallback={<FullPageLoader />}>
      {me.stage === 'totp' && <SecondFactorPage />}
      {me.stage === 'enrol' && <EnrolPage forced />}
      {me.stage === 'password' && <ChangePasswordPage forced />}
    </Suspense>
  );
}
