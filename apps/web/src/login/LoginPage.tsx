import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { LOGIN_ERROR_PARAM, LOGIN_PATH } from "@jams/contract/routes";
import { AuthShell } from "../components/AuthShell";
import { ErrorCalloutView as ErrorCallout } from "../components/ErrorCalloutView";
import { OrDivider, SsoButtons } from "../components/SsoButtons";
import { TextField } from "../components/TextField";
import { emailProblem, readLoginParams } from "../lib/login-state";
import { trpcClient } from "../lib/trpc-client";
import { SessionEndedNotice } from "./SessionEndedNotice";
import { useCall, useLoad } from "./use-call";
import { useErrorTexts } from "./use-error-texts";

type Discovery = Awaited<ReturnType<typeof trpcClient.auth.discover.mutate>>;

const loadMe = () => trpcClient.auth.me.query();
const loadSessionEnded = () => trpcClient.auth.sessionEnded.query();

/**
 * Identifier-first sign-in (login.html). Without the SPA's router: links are plain <a>, and
 * leaving the page (signed in, or off to the identity provider) is a full page load.
 */
export function LoginPage() {
  const [search, setSearch] = useState(() => window.location.search);
  const params = readLoginParams(search);
  // Read together on open, so the tRPC link sends them as one batch.
  const me = useLoad(loadMe);
  const sessionEnded = useLoad(loadSessionEnded);

  const [email, setEmail] = useState(params.email);
  const [password, setPassword] = useState("");
  const [emailError, setEmailError] = useState<string | undefined>(undefined);
  const [discovery, setDiscovery] = useState<Discovery | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const firstOptionRef = useRef<HTMLButtonElement | HTMLInputElement | null>(null);
  const errorId = useId();

  const discover = useCall(trpcClient.auth.discover.mutate, setDiscovery);
  const startSso = useCall(trpcClient.auth.startSso.mutate, (result) => window.location.assign(result.redirectUrl));
  // The password sign-in set the session cookie: load the (safe, same-origin) page asked for.
  const passwordLogin = useCall(trpcClient.auth.passwordLogin.mutate, () => window.location.replace(params.returnTo));

  const hasParamError = params.error !== undefined;
  const actionError = discover.error ?? startSso.error ?? passwordLogin.error;
  const errorTexts = useErrorTexts(hasParamError || Boolean(actionError));

  // Already signed in (and not coming back with an error): go on to where the visitor was headed.
  const leave = Boolean(me) && !hasParamError && !discovery;
  useEffect(() => {
    if (leave) window.location.replace(params.returnTo);
  }, [leave, params.returnTo]);

  // After Continue, move focus to the first way of signing in so keyboard users can go on.
  useEffect(() => {
    if (discovery) firstOptionRef.current?.focus();
  }, [discovery]);

  if (leave) return null;

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
    if (hasParamError) {
      const next = new URLSearchParams(search);
      next.delete(LOGIN_ERROR_PARAM);
      const query = next.toString() ? `?${next.toString()}` : "";
      window.history.replaceState(window.history.state, "", `${LOGIN_PATH}${query}`);
      setSearch(query);
    }
    discover.run({ email: value });
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
    passwordLogin.run({ email: discovery.email, password });
  };

  const noMethod = discovery && discovery.sso.length === 0 && !discovery.passwordAllowed;

  return (
    <AuthShell title="Sign in" heading="Sign in">
      {params.error !== undefined ? (
        errorTexts ? <ErrorCallout error={errorTexts.describeLoginError(params.error)} focusOnMount /> : null
      ) : (
        <SessionEndedNotice reason={sessionEnded?.reason} />
      )}

      <div aria-live="assertive" id={errorId}>
        {actionError && errorTexts ? <ErrorCallout error={errorTexts.describeError(actionError)} /> : null}
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
            autoFocus={!hasParamError}
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
              onChoose={(connectionId) => startSso.run({ connectionId, email: discovery.email, returnTo: params.returnTo })}
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
                disabled={passwordLogin.isPending || passwordLogin.isSuccess || password === ""}
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
        <a href="/docs/sso-errors">Sign-in error reference</a>
      </p>
    </AuthShell>
  );
}
