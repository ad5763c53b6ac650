import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorCallout } from "../../components/ErrorCallout";
import { Time } from "../../components/Time";
import { describeCode, describeError } from "../../lib/errors";
import { queryClient, trpc } from "../../lib/trpc";

/** Why the Enforce SSO switch cannot be turned on, in words. */
export function blockedReasonText(reason: string | null | undefined): string | undefined {
  if (!reason) return undefined;
  switch (reason) {
    case "enforce_requires_sso_session":
      return "Safety check: you are signed in with a password. Sign out and sign in again through SSO (Continue with …) before you turn on Enforce SSO — this proves the connection works for you, so no administrator is locked out.";
    case "no_verified_connection":
      return "No connection has passed a Test sign-in yet. Save a connection, enable it and run Test sign-in successfully before you turn on Enforce SSO.";
    default:
      return describeCode(reason).message;
  }
}

export function EnforcementSection() {
  const enforcement = useQuery(trpc.sso.enforcement.queryOptions());
  const [confirming, setConfirming] = useState(false);
  const switchId = useId();
  const explainId = useId();
  const setEnforced = useMutation({
    ...trpc.sso.setEnforced.mutationOptions(),
    onSuccess: async () => {
      setConfirming(false);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.sso.enforcement.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
      ]);
    },
  });

  if (enforcement.isPending) {
    return (
      <section className="card">
        <h2>Enforce SSO</h2>
        <p role="status">Loading…</p>
      </section>
    );
  }
  if (enforcement.isError) {
    return (
      <section className="card">
        <h2>Enforce SSO</h2>
        <ErrorCallout error={describeError(enforcement.error)} />
      </section>
    );
  }
  const data = enforcement.data;
  const blocked = blockedReasonText(data.blockedReason);
  const disabled = setEnforced.isPending || (!data.enforced && (!data.canEnforce || blocked !== undefined));
  const withoutSso = data.preflight.usersWithoutSso;

  return (
    <section className="card" id="enforce-sso">
      <h2>Enforce SSO</h2>
      <p>
        When Enforce SSO is on, members of your organisation can only sign in through single sign-on: password sign-in is refused with{" "}
        <code>sso_required</code>. Leave it off until a Test sign-in and at least one administrator&apos;s real sign-in through SSO have
        worked.
      </p>
      <div className="switch-row">
        <input
          id={switchId}
          type="checkbox"
          role="switch"
          className="switch"
          checked={data.enforced}
          disabled={disabled}
          aria-describedby={explainId}
          onChange={(e) => {
            if (e.target.checked) setConfirming(true);
            else setEnforced.mutate({ enforced: false });
          }}
        />
        <label htmlFor={switchId}>Enforce SSO</label>
        <span className={data.enforced ? "status status-succeeded" : "status"}>{data.enforced ? "On" : "Off"}</span>
      </div>
      <div id={explainId} className="stack-tight">
        {data.enforced ? (
          <p>
            On since <Time value={data.enforcedAt} />.
          </p>
        ) : null}
        {!data.enforced && blocked ? (
          <p className="callout callout-warning" data-testid="enforce-blocked">
            {blocked}
          </p>
        ) : null}
        {!data.enforced && data.blockedReason !== "enforce_requires_sso_session" ? (
          <p className="help">
            Safety check: you can only turn this on while you yourself are signed in through SSO.
          </p>
        ) : null}
      </div>

      <h3>Preflight</h3>
      {withoutSso.length === 0 ? (
        <p>Every active user has signed in through SSO at least once.</p>
      ) : (
        <>
          <p>
            {withoutSso.length === 1 ? "1 user has" : `${withoutSso.length} users have`} never signed in through SSO. With Enforce SSO on they
            must use SSO, so check that they are assigned to the application at your identity provider:
          </p>
          <ul className="plain-list" data-testid="preflight-users">
            {withoutSso.map((user) => (
              <li key={user.id}>
                {user.displayName ? `${user.displayName} — ` : ""}
                {user.email}
              </li>
            ))}
          </ul>
        </>
      )}

      <div aria-live="assertive">
        {setEnforced.error && !confirming ? <ErrorCallout error={describeError(setEnforced.error)} adminHint="inline" /> : null}
      </div>

      <ConfirmDialog
        open={confirming}
        title="Turn on single sign-on enforcement?"
        confirmLabel="Turn on"
        busy={setEnforced.isPending}
        onCancel={() => {
          setConfirming(false);
          setEnforced.reset();
        }}
        onConfirm={() => setEnforced.mutate({ enforced: true })}
      >
        <p>Password sign-in will stop working for everyone in your organisation. Existing password sessions are signed out.</p>
        {withoutSso.length > 0 ? (
          <p>
            {withoutSso.length === 1 ? "1 user has" : `${withoutSso.length} users have`} never signed in through SSO:{" "}
            {withoutSso.map((user) => user.email).join(", ")}.
          </p>
        ) : null}
        {setEnforced.error ? <ErrorCallout error={describeError(setEnforced.error)} adminHint="inline" /> : null}
      </ConfirmDialog>
    </section>
  );
}
