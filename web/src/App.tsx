import { Suspense, lazy } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { useMe } from './api/auth.js';
import { LoginPage } from './auth/LoginPage.js';
import { MeProvider } from './auth/me-context.js';
import { SignInStep } from './auth/SignInStep.js';
import { FullPageLoader, ServerDown } from './components/FullPage.js';
import { Allowed } from './shell/Allowed.js';
import { Shell } from './shell/Shell.js';

// Each screen is its own chunk: a guard's old PC loads only what it opens.
const HomePage = lazy(() => import('./pages/HomePage.js').then((m) => ({ default: m.HomePage })));
const CamerasPage = lazy(() => import('./pages/CamerasPage.js').then((m) => ({ default: m.CamerasPage })));
const LivePage = lazy(() => import('./pages/LivePage.js').then((m) => ({ default: m.LivePage })));
const PlaybackPage = lazy(() => import('./playback/PlaybackPage.js').then((m) => ({ default: m.PlaybackPage })));
const CameraFormPage = lazy(() => import('./admin/cameras/CameraFormPage.js').then((m) => ({ default: m.CameraFormPage })));
const HealthPage = lazy(() => import('./admin/health/HealthPage.js').then((m) => ({ default: m.HealthPage })));
const StoragePage = lazy(() => import('./admin/storage/StoragePage.js').then((m) => ({ default: m.StoragePage })));
const SignInSettingsPage = lazy(() => import('./admin/storage/SignInSettingsPage.js').then((m) => ({ default: m.SignInSettingsPage })));
const UsersPage = lazy(() => import('./admin/users/UsersPage.js').then((m) => ({ default: m.UsersPage })));
const UnitsPage = lazy(() => import('./admin/units/UnitsPage.js').then((m) => ({ default: m.UnitsPage })));
const AuditPage = lazy(() => import('./admin/audit/AuditPage.js').then((m) => ({ default: m.AuditPage })));
const IncidentsPage = lazy(() => import('./incidents/IncidentsPage.js').then((m) => ({ default: m.IncidentsPage })));
const IncidentDetailPage = lazy(() => import('./incidents/IncidentDetailPage.js').then((m) => ({ default: m.IncidentDetailPage })));
const CasesPage = lazy(() => import('./cases/CasesPage.js').then((m) => ({ default: m.CasesPage })));
const CaseDetailPage = lazy(() => import('./cases/CaseDetailPage.js').then((m) => ({ default: m.CaseDetailPage })));
const VerifyPage = lazy(() => import('./verify/VerifyPage.js').then((m) => ({ default: m.VerifyPage })));
const ChangePasswordPage = lazy(() => import('./auth/ChangePasswordPage.js').then((m) => ({ default: m.ChangePasswordPage })));
const EnrolPage = lazy(() => import('./auth/EnrolPage.js').then((m) => ({ default: m.EnrolPage })));
const RequestsPage = lazy(() => import('./requests/RequestsPage.js').then((m) => ({ default: m.RequestsPage })));
const RequestDetailPage = lazy(() => import('./requests/RequestDetailPage.js').then((m) => ({ default: m.RequestDetailPage })));
const PublicRequestPage = lazy(() => import('./requests/PublicRequestPage.js').then((m) => ({ default: m.PublicRequestPage })));
const RequestStatusPage = lazy(() => import('./requests/RequestStatusPage.js').then((m) => ({ default: m.RequestStatusPage })));
const ComplaintsPage = lazy(() => import('./complaints/ComplaintsPage.js').then((m) => ({ default: m.ComplaintsPage })));
const ComplaintDetailPage = lazy(() => import('./complaints/ComplaintDetailPage.js').then((m) => ({ default: m.ComplaintDetailPage })));
const PublicComplaintPage = lazy(() => import('./complaints/PublicComplaintPage.js').then((m) => ({ default: m.PublicComplaintPage })));
const ComplaintStatusPage = lazy(() => import('./complaints/ComplaintStatusPage.js').then((m) => ({ default: m.ComplaintStatusPage })));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.js').then((m) => ({ default: m.NotFoundPage })));

/** Signed out → the sign-in form; signing in → its next step; signed in → the app at the address asked for. */
export function App() {
  const me = useMe();
  const { pathname } = useLocation();
  // R4.2: outsiders ask and look their request up with no account, signed in or not.
  if (pathname === '/yeu-cau' || pathname.startsWith('/yeu-cau/')) {
    return (
      <Suspense fallback={<FullPageLoader />}>
        <Routes>
          <Route path="yeu-cau" element={<PublicRequestPage />} />
          <Route path="yeu-cau/tra-cuu" element={<RequestStatusPage />} />
          <Route path="*" element={<PublicRequestPage />} />
        </Routes>
      </Suspense>
    );
  }
  // R3.3: anyone recorded complains and follows it with no account, signed in or not.
  if (pathname === '/khieu-nai' || pathname.startsWith('/khieu-nai/')) {
    return (
      <Suspense fallback={<FullPageLoader />}>
        <Routes>
          <Route path="khieu-nai" element={<PublicComplaintPage />} />
          <Route path="khieu-nai/tra-cuu" element={<ComplaintStatusPage />} />
          <Route path="*" element={<PublicComplaintPage />} />
        </Routes>
      </Suspense>
    );
  }
  if (me.isPending) return <FullPageLoader />;
  if (me.isError) return <ServerDown onRetry={() => void me.refetch()} />;
  if (!me.data) return <LoginPage />;
  if (me.data.stage !== 'ok') return <SignInStep me={me.data} />;
  return (
    <MeProvider value={me.data}>
      <Shell>
        <Suspense fallback={<FullPageLoader inline />}>
          <Routes>
            <Route index element={<HomePage />} />
            <Route path="cameras" element={<Allowed action="camera.read"><CamerasPage /></Allowed>} />
            <Route path="cameras/new" element={<Allowed action="camera.manage"><CameraFormPage /></Allowed>} />
            <Route path="cameras/:id/edit" element={<Allowed action="camera.manage"><CameraFormPage /></Allowed>} />
            <Route path="health" element={<Allowed action="camera.read"><HealthPage /></Allowed>} />
            <Route path="storage" element={<Allowed action="storage.read"><StoragePage /></Allowed>} />
            <Route path="settings" element={<Allowed action="settings.manage"><SignInSettingsPage /></Allowed>} />
            <Route path="users" element={<Allowed action="account.read"><UsersPage /></Allowed>} />
            <Route path="units" element={<Allowed action="unit.manage"><UnitsPage /></Allowed>} />
            <Route path="audit" element={<Allowed action="audit.read"><AuditPage /></Allowed>} />
            <Route path="live" element={<Allowed action="footage.live"><LivePage /></Allowed>} />
            <Route path="playback" element={<Allowed action="footage.playback"><PlaybackPage /></Allowed>} />
            <Route path="incidents" element={<Allowed action="incident.read"><IncidentsPage /></Allowed>} />
            <Route path="incidents/:id" element={<Allowed action="incident.read"><IncidentDetailPage /></Allowed>} />
            <Route path="cases" element={<Allowed action="case.read"><CasesPage /></Allowed>} />
            <Route path="cases/:id" element={<Allowed action="case.read"><CaseDetailPage /></Allowed>} />
            <Route path="requests" element={<Allowed action="request.read"><RequestsPage /></Allowed>} />
            <Route path="requests/:id" element={<Allowed action="request.read"><RequestDetailPage /></Allowed>} />
            <Route path="complaints" element={<Allowed action="complaint.read"><ComplaintsPage /></Allowed>} />
            <Route path="complaints/:id" element={<Allowed action="complaint.read"><ComplaintDetailPage /></Allowed>} />
            <Route path="verify" element={<VerifyPage />} />
            <Route path="account/password" element={<ChangePasswordPage />} />
            <Route path="account/two-factor" element={<EnrolPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </Shell>
    </MeProvider>
  );
}
