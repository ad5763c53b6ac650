import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router";
import { ErrorCallout } from "../components/ErrorCallout";
import { PageHeading } from "../components/PageHeading";
import { describeError } from "../lib/errors";
import { readLoginParams } from "../lib/login-state";
import { queryClient, trpc, type inferOutput } from "../lib/trpc";

type Discovery = inferOutput<typeof trpc.auth.discover>;

export default function LoginPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const params = readLoginParams(location.search);
  const me = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 30_000 });

  const [email, setEmail] = useState(params.email);
  const [password, setPassword] = useState("");
  const [discovery, setDiscovery] = useState<Discovery | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const firstOptionRef = useRef<HTMLButtonElement | HTMLInputElement | null>(null);
  const emailId = useId();
  const passwordId = useId();
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
    if (!value) {
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
    <div className="auth-page">
      <main id="main" className="auth-card">
        <p className="brand brand-center">
          <span className="brand-mark" aria-hidden="true">
            J
          </span>
          JAMS IMES
        </p>
        <PageHeading title="Sign in">Sign in</PageHeading>

        {params.error ? <ErrorCallout error={params.error} focusOnMount /> : null}

        <div aria-live="assertive" id={errorId}>
          {actionError ? <ErrorCallout error={describeError(actionError)} /> : null}
        </div>

        {!discovery ? (
          <form onSubmit={onContinue} noValidate className="stack">
            <div className="field">
              <label htmlFor={emailId}>Email</label>
              <input
                ref={emailRef}
                id={emailId}
                name="email"
                type="email"
                inputMode="email"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                autoFocus={!params.error}
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                aria-describedby={actionError ? errorId : undefined}
              />
            </div>
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
              <div className="stack-tight" role="group" aria-label="Single sign-on">
                {discovery.sso.map((connection, index) => (
                  <button
                    key={connection.connectionId}
                    type="button"
                    className="button button-block"
                    ref={
                      index === 0
                        ? (el) => {
                            firstOptionRef.current = el;
                          }
                        : undefined
                    }
                    disabled={startSso.isPending}
                    onClick={() =>
                      startSso.mutate({
                        connectionId: connection.connectionId,
                        email: discovery.email,
                        returnTo: params.returnTo,
                      })
                    }
                  >
                    Continue with {connection.label}
                  </button>
                ))}
              </div>
            ) : null}

            {discovery.sso.length > 0 && discovery.passwordAllowed ? (
              <p className="divider">
                <span>or</span>
              </p>
            ) : null}

            {discovery.passwordAllowed ? (
              <form onSubmit={onPassword} className="stack" noValidate>
                {/* Lets password managers pair the password with the account. */}
                <input type="hidden" name="username" autoComplete="username" value={discovery.email} />
                <div className="field">
                  <label htmlFor={passwordId}>Password</label>
                  <input
                    id={passwordId}
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
                </div>
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
      </main>
    </div>
  );
}
