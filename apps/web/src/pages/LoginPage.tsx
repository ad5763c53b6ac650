import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router";
import { AuthShell } from "../components/AuthShell";
import { ErrorCallout } from "../components/ErrorCallout";
import { SessionEndedNotice } from "../components/SessionEndedNotice";
import { OrDivider, SsoButtons } from "../components/SsoButtons";
import { TextField } from "../components/TextField";
import { describeError } from "../lib/errors";
import { emailProblem, readLoginParams } from "../lib/login-state";
import { queryClient, trpc, type inferOutput } from "../lib/trpc";

type Discovery = inferOutput<typeof trpc.auth.discover>;

export default function LoginPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const params = readLoginParams(location.search);
  const me = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 30_000 });

  const [email, setEmail] = useState(params.email);
  const [password, setPassword] = useState("");
  const [emailError, setEmailError] = useState<string | undefined>(undefined);
  const [discovery, setDiscovery] = useState<Discovery | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const firstOptionRef = useRef<HTMLButtonElement | HTMLInputElement | null>(null);
  const errorId = useId();

  const discover = useMutation({
    ...trpc.auth.discover.mutationOptions(),
    onSuccess: (result) => setDiscovery(result),
  });
  const startSso = useMutation({
    ...trpc.auth.startSso.mutationOptions(),
    onSuccess: (result) => window.location.assign(result.redirectUrl),
  });
  const passwordLogin = useMutation({
    ...trpc.auth.passwordLogin.mutationOptions(),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      void navigate(params.returnTo, { replace: true });
    },
  });

  // After Continue, move focus to the first way of signing in so keyboard users can go on.
  useEffect(() => {
    if (discovery) firstOptionRef.current?.focus();
  }, [discovery]);

  if (me.data && !params.error && !discovery) return <Navigate to={params.returnTo} replace />;

  const onContinue = (event: FormEvent) => {
    event.preventDefault();
    const value = email.trim();
    const problem = emailProblem(value);
    setEmailError(problem);
    if (problem) {
      emailRef.current?.focus();
      return;
    }
    passwordLogin.reset();
    startSso.reset();
    // A new attempt: the error from the previous one (?error=) no longer applies.
    if (params.error) {
      const next = new URLSearchParams(location.search);
      next.delete("error");
      const query = next.toString();
      void navigate({ pathname: "/login", search: query ? `?${query}` : "" }, { replace: true });
    }
    discover.mutate({ email: value });
  };

  const onChangeEmail = () => {
    setDiscovery(null);
    setPassword("");
    passwordLogin.reset();
    startSso.reset();
    discover.reset();
    // Wait for the email form to render again.
    window.setTimeout(() => emailRef.current?.focus(), 0);
  };

  const onPassword = (event: FormEvent) => {
    event.preventDefault();
    if (!discovery) return;
    passwordLogin.mutate({ email: discovery.email, password });
  };

  const actionError = discover.error ?? startSso.error ?? passwordLogin.error;
  const noMethod = discovery && discovery.sso.length === 0 && !discovery.passwordAllowed;

  return (
    <AuthShell title="Sign in" heading="Sign in">
      {params.error ? <ErrorCallout error={params.error} focusOnMount /> : <SessionEndedNotice />}

      <div aria-live="assertive" id={errorId}>
        {actionError ? <ErrorCallout error={describeError(actionError)} /> : null}
      </div>

      {!discovery ? (
        <form onSubmit={onContinue} noValidate className="stack">
          <TextField
            ref={emailRef}
            label="Email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus={!params.error}
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              setEmailError(undefined);
            }}
            error={emailError}
            aria-describedby={actionError ? errorId : undefined}
          />
          <button type="submit" className="button button-block" disabled={discover.isPending}>
            {discover.isPending ? "Checking…" : "Continue"}
          </button>
        </form>
      ) : (
        <div className="stack">
          <p className="signing-in-as">
            <span>
              Signing in as <strong>{discovery.email}</strong>
            </span>
            <button type="button" className="link-button" onClick={onChangeEmail}>
              Use a different email
            </button>
          </p>

          {discovery.sso.length > 0 ? (
            <SsoButtons
              connections={discovery.sso}
              // Stays disabled once the redirect to the identity provider has started.
              disabled={startSso.isPending || startSso.isSuccess}
              firstRef={(el) => {
                firstOptionRef.current = el;
              }}
              onChoose={(connectionId) => startSso.mutate({ connectionId, email: discovery.email, returnTo: params.returnTo })}
            />
          ) : null}

          {discovery.sso.length > 0 && discovery.passwordAllowed ? <OrDivider>or</OrDivider> : null}

          {discovery.passwordAllowed ? (
            <form onSubmit={onPassword} className="stack" noValidate>
              {/* Lets password managers pair the password with the account. */}
              <input type="hidden" name="username" autoComplete="username" value={discovery.email} />
              <TextField
                label="Password"
                ref={
                  discovery.sso.length === 0
                    ? (el) => {
                        firstOptionRef.current = el;
                      }
                    : undefined
                }
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
              <button
                type="submit"
                className={discovery.sso.length > 0 ? "button button-secondary button-block" : "button button-block"}
                disabled={passwordLogin.isPending || password === ""}
              >
                {passwordLogin.isPending ? "Signing in…" : "Sign in"}
              </button>
            </form>
          ) : null}

          {noMethod ? (
            <p className="callout">
              There is no way to sign in with this email address. If you expected to have access, contact your organisation&apos;s
              administrator.
            </p>
          ) : null}
        </div>
      )}

      <p className="auth-footer">
        <Link to="/docs/sso-errors">Sign-in error reference</Link>
      </p>
    </AuthShell>
  );
}
