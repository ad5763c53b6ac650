import { lazy, Suspense } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { Layout } from "./components/Layout";
import { Loading } from "./components/Loading";
import { RequireAuth } from "./components/RequireAuth";

// Every route is its own chunk. /login is not a route here: it is its own entry (login.html,
// src/login) that the API serves, so signing in never downloads the router or the query cache.
const InvitePage = lazy(() => import("./pages/InvitePage"));
const DashboardPage = lazy(() => import("./pages/DashboardPage"));
const SsoSettingsPage = lazy(() => import("./pages/sso/SsoSettingsPage"));
const UsersPage = lazy(() => import("./pages/users/UsersPage"));
const AuditPage = lazy(() => import("./pages/AuditPage"));
const DomainsPage = lazy(() => import("./pages/domains/DomainsPage"));
const SsoErrorsPage = lazy(() => import("./pages/SsoErrorsPage"));
const SetupGuidePage = lazy(() => import("./pages/docs/SetupGuidePage"));
const NotFoundPage = lazy(() => import("./pages/NotFoundPage"));

export function App() {
  return (
    <BrowserRouter>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/invite/:token" element={<InvitePage />} />
          <Route element={<Layout />}>
            <Route path="/docs/sso-errors" element={<SsoErrorsPage />} />
            <Route path="/docs/sso/:provider" element={<SetupGuidePage />} />
            <Route element={<RequireAuth />}>
              <Route path="/dashboard" element={<DashboardPage />} />
            </Route>
            <Route element={<RequireAuth admin />}>
              <Route path="/integrations/sso" element={<SsoSettingsPage />} />
              <Route path="/users" element={<UsersPage />} />
              <Route path="/audit" element={<AuditPage />} />
              <Route path="/integrations/domains" element={<DomainsPage />} />
            </Route>
            <Route path="/" element={<Navigate to="/dashboard" replace />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
