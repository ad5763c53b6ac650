import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorCallout } from "../../components/ErrorCallout";
import { Time } from "../../components/Time";
import { Link } from "react-router";
import { CodeText } from "../../components/CodeText";
import { describeCode, describeError } from "../../lib/errors";
import { queryClient, trpc, type inferOutput } from "../../lib/trpc";

/** Why the Enforce SSO switch cannot be turned on, in words. */
export function blockedReasonText(reason: string | null | undefined): string | undefined {
  if (!reason) return undefined;
  switch (reason) {
    case "enforce_requires_sso_session":
      return "Safety check: you are signed in with a password. Sign out and sign in again through SSO (Continue with …) before you turn on Enforce SSO — this proves the connection works for you, so no administrator is locked out.";
    case "no_verified_connection":
      return "No enabled connection is proven to work yet. Sign in through SSO as an administrator (/login in a private window → Continue with …), or run Test sign-in successfully; then turn on Enforce SSO while signed in through SSO.";
    default:
      return describeCode(reason).message;
  }
}

type Preflight = inferOutput<typeof trpc.sso.enforcement>["preflight"];

const who = (user: { email: string; displayName: string | null }) => `${user.displayName ? `${user.displayName} — ` : ""}${user.email}`;

/** Who would be affected by Enforce SSO: never signed in through SSO, not yet accepted, latest attempt failed. */
function Preflight({ preflight }: { preflight: Preflight }) {
  const { usersWithoutSso, invitedNotAccepted, latestAttemptFailed } = preflight;
  if (usersWithoutSso.length + invitedNotAccepted.length + latestAttemptFailed.length === 0) {
    return <p>Every active user has signed in through SSO at least once, and nobody&apos;s latest SSO sign-in failed.</p>;
  }
  return (
    <div className="stack-tight">
      {latestAttemptFailed.length > 0 ? (
        <>
          <p>
            {latestAttemptFailed.length === 1 ? "1 user's" : `${latestAttemptFailed.length} users'`} latest SSO sign-in failed. With Enforce SSO
            on they could not sign in at all until the cause is fixed:
          </p>
          <ul className="plain-list" data-testid="preflight-failed">
            {latestAttemptFailed.map((user) => (
              <li key={user.id}>
                {who(user)} — <Link to={`/docs/sso-errors#${user.code}`}><CodeText code={user.code} /></Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {usersWithoutSso.length > 0 ? (
        <>
          <p>
            {usersWithoutSso.length === 1 ? "1 user has" : `${usersWithoutSso.length} users have`} never signed in through SSO. With Enforce SSO on
            they must use SSO, so check that they are assigned to the application at your identity provider:
          </p>
          <ul className="plain-list" data-testid="preflight-users">
            {usersWithoutSso.map((user) => (
              <li key={user.id}>{who(user)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {invitedNotAccepted.length > 0 ? (
        <>
          <p>
            {invitedNotAccepted.length === 1 ? "1 invited user has" : `${invitedNotAccepted.length} invited users have`} not accepted yet. With
            Enforce SSO on they can only accept by signing in through SSO (no password):
          </p>
          <ul className="plain-list" data-testid="preflight-invited">
            {invitedNotAccepted.map((user) => (
              <li key={user.id}>{who(user)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
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
        <code>sso_required</code>. Once SSO works for at least one administrator — you, signed in through SSO right now — you can turn it on.
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
      <Preflight preflight={data.preflight} />

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
