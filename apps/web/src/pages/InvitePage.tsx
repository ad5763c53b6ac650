import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { ErrorCallout } from "../components/ErrorCallout";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { describeError } from "../lib/errors";
import { queryClient, trpc } from "../lib/trpc";

const MIN_PASSWORD = 10;

export default function InvitePage() {
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const invitation = useQuery(trpc.auth.invitation.queryOptions({ token }, { enabled: token !== "" }));
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [localError, setLocalError] = useState("");
  const ids = { password: useId(), confirm: useId(), help: useId() };

  const accept = useMutation({
    ...trpc.auth.acceptInvite.mutationOptions(),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      void navigate("/dashboard", { replace: true });
    },
  });
  const startSso = useMutation({
    ...trpc.auth.startSso.mutationOptions(),
    onSuccess: (result) => window.location.assign(result.redirectUrl),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (password.length < MIN_PASSWORD) {
      setLocalError(`Use at least ${MIN_PASSWORD} characters.`);
      return;
    }
    if (password !== confirm) {
      setLocalError("The two passwords do not match.");
      return;
    }
    setLocalError("");
    accept.mutate({ token, password });
  };

  let content;
  if (invitation.isPending) {
    content = <Loading />;
  } else if (invitation.isError) {
    content = <ErrorCallout error={describeError(invitation.error)} focusOnMount />;
  } else {
    const data = invitation.data;
    const error = accept.error ?? startSso.error;
    content = (
      <div className="stack">
        <p>
          You have been invited to <strong>{data.organizationName}</strong> as <strong>{data.email}</strong>.
        </p>
        <div aria-live="assertive">{error ? <ErrorCallout error={describeError(error)} /> : null}</div>
        {data.sso.length > 0 ? (
          <div className="stack-tight" role="group" aria-label="Single sign-on">
            <p>Your organisation signs in with single sign-on:</p>
            {data.sso.map((connection) => (
              <button
                key={connection.connectionId}
                type="button"
                className="button button-block"
                disabled={startSso.isPending}
                onClick={() => startSso.mutate({ connectionId: connection.connectionId, email: data.email, returnTo: "/dashboard" })}
              >
                Continue with {connection.label}
              </button>
            ))}
          </div>
        ) : null}
        {data.sso.length > 0 && data.passwordAllowed ? (
          <p className="divider">
            <span>or set a password</span>
          </p>
        ) : null}
        {data.passwordAllowed ? (
          <form className="stack" onSubmit={onSubmit} noValidate>
            <input type="hidden" name="username" autoComplete="username" value={data.email} />
            <div className="field">
              <label htmlFor={ids.password}>Password</label>
              <input
                id={ids.password}
                type="password"
                autoComplete="new-password"
                required
                minLength={MIN_PASSWORD}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                aria-describedby={ids.help}
                aria-invalid={localError !== "" || undefined}
              />
              <p className="help" id={ids.help}>
                At least {MIN_PASSWORD} characters. Use a password you do not use anywhere else.
              </p>
            </div>
            <div className="field">
              <label htmlFor={ids.confirm}>Confirm password</label>
              <input
                id={ids.confirm}
                type="password"
                autoComplete="new-password"
                required
                value={confirm}
                onChange={(e) => setConfirm(e.target.value)}
              />
            </div>
            <p className="field-error" role="alert">
              {localError}
            </p>
            <button type="submit" className="button button-block" disabled={accept.isPending}>
              {accept.isPending ? "Setting up…" : "Set password and sign in"}
            </button>
          </form>
        ) : null}
      </div>
    );
  }

  return (
    <div className="auth-page">
      <main id="main" className="auth-card">
        <p className="brand brand-center">
          <span className="brand-mark" aria-hidden="true">
            J
          </span>
          JAMS IMES
        </p>
        <PageHeading title="Accept invitation">Accept your invitation</PageHeading>
        {content}
      </main>
    </div>
  );
}
