import { loginErrorPath, testResultPath } from "@jams/contract/routes";
import { safeReturnTo } from "@jams/contract/return-to";
import { isDatabaseUnavailable } from "@jams/db/client";
import { isSsoError, type SsoEvidence } from "@jams/oidc/errors";
import type { CookieJar, RequestMeta } from "../context";
import type { AppDeps } from "../deps";
import { type AppErrorCode, DomainError, isDomainError } from "../errors";
import { ssoBindingCookieName } from "../sessions/cookie-names";
import { constantTimeEqual, sha256 } from "../shared/crypto";
import { parseCallbackQuery } from "./callback-query";
import { redirectUriOf, toConnectionSettings } from "./connection/settings";
import { consumeTransaction, countRefusedCallback, type ConsumedTransaction } from "./consume-transaction";
import { matchUser } from "./match-user";
import { recordFailedAttempt, recordSuccessfulTest, type AttemptDiagnostics } from "./record-attempt";
import type { VerifiedIdentity } from "@jams/oidc/relying-party";
import { finishSsoSignIn } from "./finish-sign-in";

export interface CallbackOutcome {
  /** Where to 303 the browser. */
  location: string;
  code: AppErrorCode | null;
  /** A bug or outage (not an SSO outcome) for the caller to log; the browser only sees the code. */
  unexpected?: unknown;
}

const loginError = (code: AppErrorCode): CallbackOutcome => ({ location: loginErrorPath(code), code });

function diagnosticsOf(identity: VerifiedIdentity | null): AttemptDiagnostics {
  if (!identity) return {};
  const { email, name, sub, email_verified } = identity.claims;
  return { subject: identity.subject, claims: { email, name, sub, email_verified }, received: identity.received, emailCompared: identity.email };
}

/**
 * What an attempt row keeps beyond the code. Claim values are personal data: only a Test
 * sign-in (the admin's own account) keeps them; a colleague's sign-in keeps the claim names.
 */
function evidenceFor(purpose: "sign_in" | "test", failure: FailureDescription, diagnostics: AttemptDiagnostics): Record<string, unknown> | null {
  const { received: failedWith, ...facts } = failure.evidence ?? {};
  const received = failedWith ?? diagnostics.received;
  const evidence: Record<string, unknown> = { ...facts };
  if (received) {
    if (purpose === "test") evidence.received = received;
    else evidence.receivedClaimNames = [...new Set([...Object.keys(received.idToken), ...Object.keys(received.userInfo ?? {})])].sort();
  }
  if (purpose === "test" && diagnostics.emailCompared) evidence.emailCompared = diagnostics.emailCompared;
  return Object.keys(evidence).length > 0 ? evidence : null;
}

/**
 * GET /auth/sso/callback. Everything about the flow (connection, purpose, return path) comes from
 * the consumed transaction, never from the query string.
 */
export async function completeSsoCallback(
  deps: AppDeps,
  request: { rawQuery: string; cookies: CookieJar; meta: RequestMeta },
): Promise<CallbackOutcome> {
  const query = parseCallbackQuery(request.rawQuery);
  if (!query.ok) {
    await countRefusedCallback(deps, request.meta.ip);
    return loginError("sso_state_invalid");
  }
  // Throws `rate_limited` past the per-address limit, before anything is consumed.
  const flow = await consumeTransaction(deps, query.state, request.meta.ip);
  if (!flow) return loginError("sso_state_invalid");

  const failTo = (code: AppErrorCode): CallbackOutcome =>
    flow.purpose === "test" ? { location: testResultPath(flow.attemptId), code } : loginError(code);

  let identity: VerifiedIdentity | null = null;
  try {
    const binding = request.cookies.get(ssoBindingCookieName(deps.config));
    if (!binding || !constantTimeEqual(sha256(binding), flow.browserBindingHash)) throw new DomainError("sso_browser_mismatch");
    if (flow.expiresAt.getTime() <= deps.now().getTime()) throw new DomainError("sso_state_invalid");
    if (flow.purpose === "sign_in" && !flow.connection.enabled) throw new DomainError("sso_connection_disabled");

    const callbackUrl = new URL(`${redirectUriOf(deps)}?${request.rawQuery}`);
    identity = await deps.rp.completeAuthorization({
      connection: toConnectionSettings(deps, flow.connection),
      redirectUri: redirectUriOf(deps),
      callbackUrl,
      transaction: { state: query.state, nonce: flow.nonce, codeVerifier: flow.codeVerifier },
    });
    if (flow.purpose === "test") {
      const user = await matchUser(deps.db, {
        organizationId: flow.connection.organizationId,
        connectionId: flow.connection.id,
        email: identity.email,
        subject: identity.subject,
        groups: identity.groups,
      });
      await recordSuccessfulTest(deps, flow, user.id, diagnosticsOf(identity));
      return { location: testResultPath(flow.attemptId), code: null };
    }
    // Matching, binding and the sign-in itself: one statement (finish-sign-in.ts).
    await finishSsoSignIn(deps, { flow, identity, cookies: request.cookies, meta: request.meta });
    // Checked again on the way out: rows written by an older, laxer check may still be pending.
    return { location: safeReturnTo(flow.returnTo), code: null };
  } catch (error) {
    const failure = describeFailure(error);
    const diagnostics = diagnosticsOf(identity);
    // During an outage this write fails too; the code pre-recorded at consumption then stands.
    const recorded = await recordFailedAttempt(deps, flow, failure, {
      ...(flow.purpose === "test" ? { subject: diagnostics.subject, claims: diagnostics.claims } : { subject: identity?.subject }),
      evidence: evidenceFor(flow.purpose, failure, diagnostics),
      ip: request.meta.ip,
    }).then(
      () => null,
      (recordError: unknown) => recordError,
    );
    return { ...failTo(failure.code), unexpected: failure.unexpected ?? recorded };
  }
}

export interface FailureDescription {
  code: AppErrorCode;
  idpError: string | null;
  idpErrorDescription: string | null;
  evidence?: SsoEvidence | undefined;
  /** Unexpected errors are rethrown to the logger by the caller; never shown to users. */
  unexpected: unknown;
}

function describeFailure(error: unknown): FailureDescription {
  if (isSsoError(error)) {
    return {
      code: error.code,
      idpError: error.idpError ?? null,
      idpErrorDescription: error.idpErrorDescription ?? null,
      evidence: error.evidence,
      unexpected: null,
    };
  }
  if (isDomainError(error)) {
    return { code: error.code, idpError: null, idpErrorDescription: null, unexpected: null };
  }
  if (isDatabaseUnavailable(error)) return { code: "service_unavailable", idpError: null, idpErrorDescription: null, unexpected: null };
  return { code: "internal_error", idpError: null, idpErrorDescription: null, unexpected: error };
}

export type { ConsumedTransaction };
