import { Outlet, useLocation } from "react-router";
import { isAdmin, useMe } from "../lib/auth";
import { describeError } from "../lib/errors";
import { loginPathFor } from "../lib/return-to";
import { ErrorCallout } from "./ErrorCallout";
import { LeaveTo } from "./LeaveTo";
import { Loading } from "./Loading";

/** Signed-out visitors go to /login?returnTo=…; `admin` additionally requires the admin role. */
export function RequireAuth({ admin = false }: { admin?: boolean }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorCallout error={describeError(me.error)} />;
  if (!me.data) return <LeaveTo href={loginPathFor(location)} />;
  if (admin && !isAdmin(me.data)) {
    return (
      <section>
        <h1>Administrators only</h1>
        <p>Only administrators of {me.data.organization.name} can open this page.</p>
      </section>
    );
  }
  return <Outlet />;
}
