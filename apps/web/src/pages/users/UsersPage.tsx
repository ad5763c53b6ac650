import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CopyRow } from "../../components/CopyButton";
import { DataTable } from "../../components/DataTable";
import { ErrorCallout } from "../../components/ErrorCallout";
import { Notice } from "../../components/Notice";
import { PageHeading } from "../../components/PageHeading";
import { QueryContent } from "../../components/QueryContent";
import { Time } from "../../components/Time";
import { describeError } from "../../lib/errors";
import { InviteForm } from "./InviteForm";
import { useUsers, type User } from "./use-users";

function statusText(status: User["status"]): string {
  switch (status) {
    case "active":
      return "Active";
    case "invited":
      return "Invited";
    case "disabled":
      return "Disabled";
    default:
      return String(status);
  }
}

export default function UsersPage() {
  const { me, users, connectionLabel, invited, showInvitation, notice, pending, setPending, setRole, resend, rowError, dialogMutation, cancelPending, confirmPending } = useUsers();

  return (
    <div className="page stack">
      <PageHeading title="Users">Users</PageHeading>
      <p className="lead">
        People must be invited before they can sign in, with a password or through single sign-on — accounts are not created
        automatically on first SSO sign-in.
      </p>

      <section className="card" aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite a user</h2>
        <InviteForm onInvited={showInvitation} />
        {invited ? (
          <div className="callout callout-success" role="status">
            <p>
              Invitation ready for <strong>{invited.email}</strong>. Send them this link (it works once and expires):
            </p>
            <CopyRow value={invited.inviteUrl} testId="invite-url" ariaLabel="Copy invitation link" />
          </div>
        ) : null}
      </section>

      <Notice notice={notice} />
      <div aria-live="assertive">{rowError ? <ErrorCallout error={describeError(rowError)} /> : null}</div>

      <section className="card" aria-labelledby="users-heading">
        <h2 id="users-heading">People in your organisation</h2>
        <QueryContent query={users}>
          {(data) => (
            <DataTable className="table-cards" columns={["User", "Role", "Status", "Last sign-in", "SSO identity", { label: "Actions", hidden: true }]}>
              {data.map((user) => {
                const self = user.id === me?.user.id;
                return (
                  <tr key={user.id}>
                    <th scope="row">
                      <span className="user-name">{user.displayName || user.email}</span>
                      {user.displayName ? <span className="user-email">{user.email}</span> : null}
                      {self ? <span className="badge">You</span> : null}
                      {user.managedBy ? <span className="badge">Managed by {user.managedBy} provisioning</span> : null}
                    </th>
                    <td data-label="Role">
                      <select
                        aria-label={`Role for ${user.email}`}
                        // While the change is saving, keep showing the chosen role instead of snapping back.
                        value={setRole.isPending && setRole.variables.userId === user.id ? setRole.variables.role : user.role}
                        disabled={self || setRole.isPending || user.status === "disabled"}
                        onChange={(e) => setRole.mutate({ userId: user.id, role: e.target.value === "admin" ? "admin" : "member" })}
                      >
                        <option value="member">Member</option>
                        <option value="admin">Administrator</option>
                      </select>
                    </td>
                    <td data-label="Status">
                      <span className={`status status-${user.status}`}>{statusText(user.status)}</span>
                    </td>
                    <td className="nowrap" data-label="Last sign-in">
                      {user.lastSignInAt ? (
                        <>
                          <Time value={user.lastSignInAt} />
                          <span className="muted"> · {user.lastSignInMethod === "sso" ? "SSO" : "password"}</span>
                        </>
                      ) : (
                        "Never"
                      )}
                    </td>
                    <td data-label="SSO identity">{user.ssoConnectionIds.length ? user.ssoConnectionIds.map(connectionLabel).join(", ") : "—"}</td>
                    <td>
                      <div className="row-actions">
                        {user.status === "invited" ? (
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            aria-label={`Resend invitation to ${user.email}`}
                            disabled={resend.isPending}
                            onClick={() => resend.mutate({ userId: user.id })}
                          >
                            Resend invite
                          </button>
                        ) : null}
                        {user.ssoConnectionIds.length > 0 ? (
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            aria-label={`Unlink SSO identity of ${user.email}`}
                            onClick={() => setPending({ kind: "unlink", user })}
                          >
                            Unlink SSO
                          </button>
                        ) : null}
                        {!self && user.status !== "disabled" ? (
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            aria-label={`Disable ${user.email}`}
                            onClick={() => setPending({ kind: "disable", user })}
                          >
                            Disable
                          </button>
                        ) : null}
                        {!self ? (
                          <button
                            type="button"
                            className="button button-danger-outline button-small"
                            aria-label={`Remove ${user.email}`}
                            onClick={() => setPending({ kind: "remove", user })}
                          >
                            Remove
                          </button>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </QueryContent>
      </section>

      <ConfirmDialog
        open={pending !== null}
        title={
          pending?.kind === "remove"
            ? `Remove ${pending.user.email}?`
            : pending?.kind === "disable"
              ? `Disable ${pending.user.email}?`
              : `Unlink the SSO identity of ${pending?.user.email ?? ""}?`
        }
        confirmLabel={pending?.kind === "remove" ? "Remove user" : pending?.kind === "disable" ? "Disable user" : "Unlink SSO identity"}
        danger={pending?.kind !== "unlink"}
        busy={dialogMutation.isPending}
        onCancel={cancelPending}
        onConfirm={confirmPending}
      >
        <p>
          {pending?.kind === "remove"
            ? "They lose access immediately and their account is deleted. Audit log entries are kept."
            : pending?.kind === "disable"
              ? "They are signed out everywhere and cannot sign in until re-invited."
              : "Use this when the user's account at the identity provider was recreated. Their next SSO sign-in links the new identity."}
        </p>
        {dialogMutation.error ? <ErrorCallout error={describeError(dialogMutation.error)} /> : null}
      </ConfirmDialog>
    </div>
  );
}
