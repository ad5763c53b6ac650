import { useMutation } from "@tanstack/react-query";
import { Suspense } from "react";
import { LOGIN_PATH } from "@jams/contract/routes";
import { Link, NavLink, Outlet } from "react-router";
import { describeSession, isAdmin, useMe } from "../lib/auth";
import { describeError } from "../lib/errors";
import { queryClient, trpc } from "../lib/trpc";
import { Loading } from "./Loading";

const brand = (
  <>
    <span className="brand-mark" aria-hidden="true">
      J
    </span>
    JAMS IMES
  </>
);

/** The signed-in shell: header with navigation and Sign out, then the page. */
export function Layout() {
  const me = useMe();
  const logout = useMutation({
    ...trpc.auth.logout.mutationOptions(),
    onSuccess: (result) => {
      queryClient.clear();
      if (result.endSessionUrl) {
        window.location.assign(result.endSessionUrl);
      } else {
        // The sign-in page is its own entry (login.html), outside this router.
        window.location.replace(LOGIN_PATH);
      }
    },
  });
  const data = me.data;
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          {data ? (
            <Link to="/dashboard" className="brand">
              {brand}
            </Link>
          ) : (
            // A full page load: the sign-in page is its own entry, outside this router.
            <a href={LOGIN_PATH} className="brand">
              {brand}
            </a>
          )}
          {data ? (
            <nav aria-label="Main" className="nav">
              <NavLink to="/dashboard">Dashboard</NavLink>
              {isAdmin(data) ? (
                <>
                  <NavLink to="/users">Users</NavLink>
                  <NavLink to="/integrations/sso">Single sign-on</NavLink>
                  <NavLink to="/integrations/domains">Domains</NavLink>
                  <NavLink to="/audit">Audit log</NavLink>
                </>
              ) : null}
              <NavLink to="/docs/sso-errors">Error reference</NavLink>
            </nav>
          ) : null}
          {data ? (
            <div className="account">
              <span className="account-who" title={describeSession(data.session)}>
                {data.user.email}
              </span>
              <button type="button" className="button button-secondary button-small" onClick={() => logout.mutate()} disabled={logout.isPending}>
                Sign out
              </button>
            </div>
          ) : null}
        </div>
        {logout.error ? (
          <p className="topbar-error" role="alert">
            Sign out failed: {describeError(logout.error).message}
          </p>
        ) : null}
      </header>
      <main id="main" className="main">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
