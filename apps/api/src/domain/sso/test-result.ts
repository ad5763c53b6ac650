import { and, eq } from "drizzle-orm";
import { SSO_ERROR_CATALOGUE, isSsoErrorCode } from "@jams/oidc/errors";
import { ssoConnections, ssoSignInAttempts, users } from "@jams/db/schema";
import type { AuthedContext } from "../context";
import { DomainError } from "../errors";

export interface TestResult {
  status: "pending" | "succeeded" | "failed";
  code: string | null;
  hint: string | null;
  idpError: string | null;
  claims: { email: unknown; name: unknown; sub: unknown; email_verified: unknown };
  mappedUser: { id: string; email: string; displayName: string | null } | null;
}

const OUTAGE_HINT =
  "JAMS IMES could not reach its database while finishing this sign-in (an outage on our side, not a configuration problem). The user only has to sign in again.";

export function adminHintFor(code: string | null): string | null {
  if (code === "service_unavailable") return OUTAGE_HINT;
  return code && isSsoErrorCode(code) ? SSO_ERROR_CATALOGUE[code].adminHint : null;
}

export async function getTestResult({ ctx, input }: { ctx: AuthedContext; input: { attemptId: string } }): Promise<TestResult> {
  const [row] = await ctx.deps.db
    .select({
      outcome: ssoSignInAttempts.outcome,
      code: ssoSignInAttempts.code,
      idpError: ssoSignInAttempts.idpError,
      claims: ssoSignInAttempts.claims,
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
  return {
    status: row.outcome,
    code: row.code,
    hint: adminHintFor(row.code),
    idpError: row.idpError,
    claims: { email: claims.email ?? null, name: claims.name ?? null, sub: claims.sub ?? null, email_verified: claims.email_verified ?? null },
    mappedUser: row.userId && row.userEmail ? { id: row.userId, email: row.userEmail, displayName: row.userDisplayName } : null,
  };
}
