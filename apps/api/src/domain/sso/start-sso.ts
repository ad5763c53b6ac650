import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { DEFAULT_RETURN_TO, safeReturnTo } from "@jams/contract/return-to";
import { normalizeTypedEmail } from "@jams/oidc/email";
import { isSsoError } from "@jams/oidc/errors";
import { newAuthorizationTransaction } from "@jams/oidc/relying-party";
import { ssoConnections, ssoSignInAttempts } from "@jams/db/schema";
import type { AuthedContext, RequestContext } from "../context";
import { DomainError } from "../errors";
import { ssoBindingCookieName } from "../sessions/cookie-names";
import { sha256 } from "../shared/crypto";
import { rateLimitParams, throwIfLimited, toRateLimitResult } from "../shared/rate-limit";
import { isIssuedBinding, issueBinding } from "./browser-binding";
import { redirectUriOf, sealedRowOf, toConnectionSettings } from "./connection/settings";
import { startSignInStatement, startTestStatement } from "./start-statement";

/** How long a started sign-in may take; older pending attempts are reported as abandoned. */
export const SSO_TRANSACTION_TTL_MS = 10 * 60_000;

interface StartInput {
  connectionId: string;
  purpose: "sign_in" | "test";
  emailHint: string | null;
  returnTo: string | null;
  initiatedByUserId: string | null;
}

async function startFlow(ctx: RequestContext, input: StartInput): Promise<{ redirectUrl: string; attemptId: string }> {
  const { deps } = ctx;
  // Reusing a binding WE issued keeps two sign-in tabs in one browser working; a value we did
  // not issue (planted by someone who then knows it) is replaced.
  const cookieName = ssoBindingCookieName(deps.config);
  const presented = ctx.cookies.get(cookieName);
  const binding = isIssuedBinding(deps.keys.ssoBinding, presented) ? presented : issueBinding(deps.keys.ssoBinding);
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + SSO_TRANSACTION_TTL_MS);
  const attemptId = randomUUID();
  // Made before the statement that stores it (the authorization URL is built from it afterwards).
  const transaction = newAuthorizationTransaction();
  const limits = deps.config.rateLimits;
  const signIn = input.purpose === "sign_in";

  const [row] = await (signIn ? startSignInStatement : startTestStatement)(deps.db).execute({
    ...(signIn ? rateLimitParams(`start_sso:ip:${ctx.meta.ip}`, limits.windowMs, now) : {}),
    max: signIn ? limits.startSsoPerIp : 0,
    connection_id: input.connectionId,
    purpose: input.purpose,
    attempt_id: attemptId,
    email_hint: input.emailHint,
    now: now.toISOString(),
    state_hash: sha256(transaction.state),
    nonce: transaction.nonce,
    code_verifier: transaction.codeVerifier,
    binding_hash: sha256(binding),
    initiated_by: input.initiatedByUserId,
    return_to: input.returnTo ?? DEFAULT_RETURN_TO,
    expires_at: expiresAt.toISOString(),
  });
  if (!row) throw new Error("sso start returned no row");
  throwIfLimited(toRateLimitResult(row), limits.startSsoPerIp, now);
  if (row.id === null) throw new DomainError("not_found");
  if (!row.started) throw new DomainError("sso_connection_disabled");

  let url: string;
  try {
    const connection = toConnectionSettings(deps, sealedRowOf(row.id, row));
    ({ url } = await deps.rp.startAuthorization({
      connection,
      redirectUri: redirectUriOf(deps),
      transaction,
      ...(input.emailHint ? { loginHint: input.emailHint } : {}),
    }));
  } catch (error) {
    // The rows were written before the provider's metadata was loaded; a flow that never reached
    // the IdP leaves no pending attempt behind (the rare path pays the extra statement).
    await deps.db.delete(ssoSignInAttempts).where(eq(ssoSignInAttempts.id, attemptId));
    // The provider could not be reached or answered nonsense: its documented code, not a 500.
    throw isSsoError(error) ? new DomainError(error.code, {}, { cause: error }) : error;
  }
  ctx.cookies.set(cookieName, binding, { expires: expiresAt });
  return { redirectUrl: url, attemptId };
}

export async function startSsoSignIn({
  ctx,
  input,
}: {
  ctx: RequestContext;
  input: { connectionId: string; email?: string | undefined; returnTo?: string | undefined };
}): Promise<{ redirectUrl: string }> {
  const { redirectUrl } = await startFlow(ctx, {
    connectionId: input.connectionId,
    purpose: "sign_in",
    emailHint: input.email ? normalizeTypedEmail(input.email) : null,
    returnTo: safeReturnTo(input.returnTo),
    initiatedByUserId: null,
  });
  return { redirectUrl };
}

/** An admin's test run: completes without a session and reports what the IdP sent. */
export async function startTestSignIn({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: { connectionId: string };
}): Promise<{ redirectUrl: string; attemptId: string }> {
  const owned = await ctx.deps.db
    .update(ssoConnections)
    .set({ lastTestedAt: ctx.deps.now() })
    .where(and(eq(ssoConnections.id, input.connectionId), eq(ssoConnections.organizationId, ctx.user.organizationId)))
    .returning({ id: ssoConnections.id });
  if (owned.length === 0) throw new DomainError("not_found");
  return startFlow(ctx, {
    connectionId: input.connectionId,
    purpose: "test",
    emailHint: null,
    returnTo: null,
    initiatedByUserId: ctx.user.id,
  });
}
