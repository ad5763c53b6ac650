import { and, eq } from "drizzle-orm";
import { distance } from "fastest-levenshtein";
import { SSO_ERROR_CATALOGUE } from "@jams/contract/error-catalogue";
import { isSsoErrorCode } from "@jams/contract/error-codes";
import { explainFailure, type Explanation } from "@jams/oidc/diagnose";
import type { ReceivedClaims, SsoEvidence } from "@jams/oidc/errors";
import { ssoConnections, ssoSignInAttempts, users } from "@jams/db/schema";
import type { Database } from "@jams/db/client";
import type { AuthedContext } from "../context";
import { DomainError } from "../errors";
import type { StoredCheck } from "./check-connection";
import { ABANDONED_AFTER_MS, pendingHintFor } from "./pending";

export interface TestResult {
  status: "pending" | "abandoned" | "succeeded" | "failed";
  code: string | null;
  /** The fix (see adminHintFor); the web app shows it as is. */
  hint: string | null;
  /** What the evidence proves, when there is evidence. */
  cause: string | null;
  idpError: string | null;
  idpErrorDescription: string | null;
  httpStatus: number | null;
  clockSkew: SsoEvidence["clockSkew"] | null;
  claims: { email: unknown; name: unknown; sub: unknown; email_verified: unknown };
  /** Every claim received, ID token and UserInfo apart. */
  received: ReceivedClaims | null;
  /** The configured claim names, so the panel can highlight the mapped values. */
  mapping: { emailClaim: string; nameClaim: string };
  /** The normalised email the product looked for among the organisation's users. */
  emailCompared: string | null;
  /** When no user matched: the organisation's nearest email (typo / alias), if any is close. */
  closestUser: { email: string; status: string } | null;
  mappedUser: { id: string; email: string; displayName: string | null } | null;
  startedAt: Date;
  /** While pending: what the IdP is probably waiting for. */
  pendingHint: string | null;
}

const OUTAGE_HINT =
  "JAMS IMES could not reach its database while finishing this sign-in (an outage on our side, not a configuration problem). The user only has to sign in again.";

/**
 * The admin's fix for a failed attempt, for the attempts list and the Test sign-in panel alike:
 * chosen from the evidence when there is some, else the catalogue's hint for the code.
 */
export function adminHintFor(code: string | null, explained: Explanation): string | null {
  if (!code) return null;
  if (explained.fix) return explained.fix;
  if (code === "service_unavailable") return OUTAGE_HINT;
  return isSsoErrorCode(code) ? SSO_ERROR_CATALOGUE[code].adminHint : null;
}

/** Closest email by edit distance on the whole address, only when it is plausibly the same person. */
async function closestUser(db: Database, organizationId: string, email: string): Promise<TestResult["closestUser"]> {
  const rows = await db
    .select({ email: users.email, status: users.status })
    .from(users)
    .where(eq(users.organizationId, organizationId))
    .limit(5_000);
  let best: { email: string; status: string; d: number } | null = null;
  for (const row of rows) {
    const d = distance(row.email.toLowerCase(), email);
    if (!best || d < best.d) best = { email: row.email, status: row.status, d };
  }
  // More than about a third of the address changed is another person, not a typo or alias.
  if (!best || best.d === 0 || best.d > Math.max(3, Math.ceil(email.length / 3))) return null;
  return { email: best.email, status: best.status };
}

export async function getTestResult({ ctx, input }: { ctx: AuthedContext; input: { attemptId: string } }): Promise<TestResult> {
  const [row] = await ctx.deps.db
    .select({
      outcome: ssoSignInAttempts.outcome,
      code: ssoSignInAttempts.code,
      idpError: ssoSignInAttempts.idpError,
      idpErrorDescription: ssoSignInAttempts.idpErrorDescription,
      claims: ssoSignInAttempts.claims,
      evidence: ssoSignInAttempts.evidence,
      startedAt: ssoSignInAttempts.startedAt,
      emailClaim: ssoConnections.emailClaim,
      lastCheck: ssoConnections.lastCheck,
      nameClaim: ssoConnections.nameClaim,
      userId: users.id,
      userEmail: users.email,
      userDisplayName: users.displayName,
    })
    .from(ssoSignInAttempts)
    .innerJoin(ssoConnections, eq(ssoConnections.id, ssoSignInAttempts.connectionId))
    .leftJoin(users, eq(users.id, ssoSignInAttempts.userId))
    .where(
      and(
        eq(ssoSignInAttempts.id, input.attemptId),
        eq(ssoSignInAttempts.purpose, "test"),
        eq(ssoConnections.organizationId, ctx.user.organizationId),
      ),
    )
    .limit(1);
  if (!row) throw new DomainError("not_found");
  const claims = row.claims ?? {};
  const evidence = (row.evidence ?? {}) as SsoEvidence & { emailCompared?: string };
  const emailCompared = typeof evidence.emailCompared === "string" ? evidence.emailCompared : null;
  const explained = explainFailure({
    code: row.code,
    idpError: row.idpError,
    idpErrorDescription: row.idpErrorDescription,
    evidence,
    emailClaim: row.emailClaim,
  });
  const elapsedMs = ctx.deps.now().getTime() - row.startedAt.getTime();
  const abandoned = row.outcome === "pending" && elapsedMs > ABANDONED_AFTER_MS;
  return {
    status: abandoned ? "abandoned" : row.outcome,
    code: row.code,
    hint: adminHintFor(row.code, explained),
    cause: row.code ? explained.cause : null,
    idpError: row.idpError,
    idpErrorDescription: row.idpErrorDescription,
    httpStatus: evidence.httpStatus ?? null,
    clockSkew: evidence.clockSkew ?? null,
    claims: { email: claims.email ?? null, name: claims.name ?? null, sub: claims.sub ?? null, email_verified: claims.email_verified ?? null },
    received: evidence.received ?? null,
    mapping: { emailClaim: row.emailClaim, nameClaim: row.nameClaim },
    emailCompared,
    closestUser: row.code === "user_not_provisioned" && emailCompared ? await closestUser(ctx.deps.db, ctx.user.organizationId, emailCompared) : null,
    mappedUser: row.userId && row.userEmail ? { id: row.userId, email: row.userEmail, displayName: row.userDisplayName } : null,
    startedAt: row.startedAt,
    pendingHint: row.outcome === "pending" ? pendingHintFor(elapsedMs, row.lastCheck as StoredCheck | null) : null,
  };
}
