import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { AuthShell } from "../components/AuthShell";
import { ErrorCallout } from "../components/ErrorCallout";
import { OrDivider, SsoButtons } from "../components/SsoButtons";
import { Loading } from "../components/Loading";
import { TextField } from "../components/TextField";
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
          <SsoButtons
            connections={data.sso}
            disabled={startSso.isPending || startSso.isSuccess}
            onChoose={(connectionId) => startSso.mutate({ connectionId, email: data.email, returnTo: "/dashboard" })}
          >
            <p>Your organisation signs in with single sign-on:</p>
          </SsoButtons>
        ) : null}
        {data.sso.length > 0 && data.passwordAllowed ? <OrDivider>or set a password</OrDivider> : null}
        {data.passwordAllowed ? (
          <form className="stack" onSubmit={onSubmit} noValidate>
            <input type="hidden" name="username" autoComplete="username" value={data.email} />
            <TextField
              label="Password"
              type="password"
              autoComplete="new-password"
              required
              minLength={MIN_PASSWORD}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              help={`At least ${MIN_PASSWORD} characters. Use a password you do not use anywhere else.`}
              aria-invalid={localError !== "" || undefined}
            />
            <TextField
              label="Confirm password"
              type="password"
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
            />
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
    <AuthShell title="Accept invitation" heading="Accept your invitation">
      {content}
    </AuthShell>
  );
}
