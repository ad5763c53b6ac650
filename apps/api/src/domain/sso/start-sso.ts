import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { DEFAULT_RETURN_TO, safeReturnTo } from "@jams/contract/return-to";
import { normalizeTypedEmail } from "@jams/oidc/email";
import { ssoConnections, ssoSignInAttempts, ssoTransactions } from "@jams/db/schema";
import type { AuthedContext, RequestContext } from "../context";
import { DomainError } from "../errors";
import { ssoBindingCookieName } from "../sessions/cookie-names";
import { sha256 } from "../shared/crypto";
import { enforceRateLimit } from "../shared/rate-limit";
import { isIssuedBinding, issueBinding } from "./browser-binding";
import { loadConnectionSettings, redirectUriOf } from "./connection/settings";

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
  const settings = await loadConnectionSettings(deps, input.connectionId);
  if (!settings) throw new DomainError("not_found");
  if (input.purpose === "sign_in" && !settings.enabled) throw new DomainError("sso_connection_disabled");

  const { url, transaction } = await deps.rp.startAuthorization({
    connection: settings.connection,
    redirectUri: redirectUriOf(deps),
    ...(input.emailHint ? { loginHint: input.emailHint } : {}),
  });

  // Reusing a binding WE issued keeps two sign-in tabs in one browser working; a value we did
  // not issue (planted by someone who then knows it) is replaced.
  const cookieName = ssoBindingCookieName(deps.config);
  const presented = ctx.cookies.get(cookieName);
  const binding = isIssuedBinding(deps.keys.ssoBinding, presented) ? presented : issueBinding(deps.keys.ssoBinding);
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + SSO_TRANSACTION_TTL_MS);
  const attemptId = randomUUID();

  await deps.db.transaction(async (tx) => {
    await tx.insert(ssoSignInAttempts).values({
      id: attemptId,
      connectionId: input.connectionId,
      purpose: input.purpose,
      emailHint: input.emailHint,
      startedAt: now,
    });
    await tx.insert(ssoTransactions).values({
      stateHash: sha256(transaction.state),
      connectionId: input.connectionId,
      attemptId,
      purpose: input.purpose,
      nonce: transaction.nonce,
      codeVerifier: transaction.codeVerifier,
      browserBindingHash: sha256(binding),
      initiatedByUserId: input.initiatedByUserId,
      returnTo: input.returnTo ?? DEFAULT_RETURN_TO,
      expiresAt,
      createdAt: now,
    });
  });
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
  const limits = ctx.deps.config.rateLimits;
  await enforceRateLimit(ctx.deps.db, {
    key: `start_sso:ip:${ctx.meta.ip}`,
    max: limits.startSsoPerIp,
    windowMs: limits.windowMs,
    now: ctx.deps.now(),
  });
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
