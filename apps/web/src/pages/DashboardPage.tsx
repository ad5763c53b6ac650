import { Link } from "react-router";
import { PageHeading } from "../components/PageHeading";
import { Time } from "../components/Time";
import { describeSession, isAdmin, useMe } from "../lib/auth";

export default function DashboardPage() {
  const { data: me } = useMe();
  if (!me) return null;
  const admin = isAdmin(me);
  return (
    <section className="page">
      <PageHeading title="Dashboard">Welcome, {me.user.displayName || me.user.email}</PageHeading>
      <p className="session-banner" data-testid="session-method">
        {describeSession(me.session)}
      </p>
      <div className="cards">
        <section className="card" aria-labelledby="you-heading">
          <h2 id="you-heading">You</h2>
          <dl className="facts">
            <dt>Name</dt>
            <dd>{me.user.displayName || "—"}</dd>
            <dt>Email</dt>
            <dd>{me.user.email}</dd>
            <dt>Role</dt>
            <dd>{me.user.role === "admin" ? "Administrator" : "Member"}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="org-heading">
          <h2 id="org-heading">Organisation</h2>
          <dl className="facts">
            <dt>Name</dt>
            <dd>{me.organization.name}</dd>
            <dt>Single sign-on</dt>
            <dd>{me.organization.ssoEnforced ? "Required for everyone" : "Optional"}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="session-heading">
          <h2 id="session-heading">This session</h2>
          <dl className="facts">
            <dt>Method</dt>
            <dd>{me.session.method === "sso" ? `Single sign-on${me.session.connectionLabel ? ` — ${me.session.connectionLabel}` : ""}` : "Password"}</dd>
            <dt>Since</dt>
            <dd>
              <Time value={me.session.createdAt} />
            </dd>
          </dl>
        </section>
      </div>
      {admin ? (
        <section className="card" aria-labelledby="admin-heading">
          <h2 id="admin-heading">Administration</h2>
          <ul className="link-list">
            <li>
              <Link to="/integrations/sso">Single sign-on settings</Link> — connect Okta, Microsoft Entra ID, Google Workspace and others.
            </li>
            <li>
              <Link to="/users">Users</Link> — invite people and manage roles.
            </li>
            <li>
              <Link to="/audit">Audit log</Link> — who changed what, and when.
            </li>
          </ul>
        </section>
      ) : null}
    </section>
  );
}
