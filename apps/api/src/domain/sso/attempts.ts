import { desc, eq } from "drizzle-orm";
import { ssoSignInAttempts } from "@jams/db/schema";
import type { AuthedContext } from "../context";
import { findOwnConnection } from "./connection/queries";
import { explainFailure } from "@jams/oidc/diagnose";
import type { SsoEvidence } from "@jams/oidc/errors";
import { ABANDONED_AFTER_MS, ABANDONED_HINT, provenStuckCause } from "./pending";
import { adminHintFor } from "./test-result";

export interface AttemptView {
  id: string;
  purpose: "sign_in" | "test";
  /** "abandoned": started but never came back (e.g. an IdP MFA policy the user could not pass). */
  status: "pending" | "succeeded" | "failed" | "abandoned";
  code: string | null;
  adminHint: string | null;
  /** What the evidence proves (IdP's answer, HTTP status, clock offset), when there is evidence. */
  cause: string | null;
  httpStatus: number | null;
  idpError: string | null;
  idpErrorDescription: string | null;
  emailHint: string | null;
  durationMs: number | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export { ABANDONED_HINT };

export async function listAttempts({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: { connectionId: string; limit?: number | undefined };
}): Promise<AttemptView[]> {
  // Also the organisation check: another organisation's connection id is not_found.
  const connection = await findOwnConnection(ctx, input.connectionId);
  const stuck = provenStuckCause(connection.lastCheck);
  const rows = await ctx.deps.db
    .select({
      id: ssoSignInAttempts.id,
      purpose: ssoSignInAttempts.purpose,
      outcome: ssoSignInAttempts.outcome,
      code: ssoSignInAttempts.code,
      idpError: ssoSignInAttempts.idpError,
      idpErrorDescription: ssoSignInAttempts.idpErrorDescription,
      emailHint: ssoSignInAttempts.emailHint,
      evidence: ssoSignInAttempts.evidence,
      durationMs: ssoSignInAttempts.durationMs,
      startedAt: ssoSignInAttempts.startedAt,
      finishedAt: ssoSignInAttempts.finishedAt,
    })
    .from(ssoSignInAttempts)
    .where(eq(ssoSignInAttempts.connectionId, input.connectionId))
    .orderBy(desc(ssoSignInAttempts.startedAt))
    .limit(input.limit ?? 50);
  const abandonedBefore = ctx.deps.now().getTime() - ABANDONED_AFTER_MS;

  return rows.map(({ outcome, evidence: raw, ...row }) => {
    const stale = outcome === "pending" && row.startedAt.getTime() < abandonedBefore;
    // A code on a stale pending attempt: the callback arrived but its outcome was never written
    // (an outage; see consume-transaction.ts), so it failed with that code — it was not abandoned.
    const status = stale ? (row.code ? "failed" : "abandoned") : outcome;
    const abandoned = status === "abandoned";
    const evidence = (raw ?? {}) as SsoEvidence;
    const explained = explainFailure({ ...row, evidence, emailClaim: connection.emailClaim });
    return {
      ...row,
      status,
      adminHint: abandoned ? (stuck ?? ABANDONED_HINT) : adminHintFor(row.code, explained),
      cause: abandoned || !row.code ? null : explained.cause,
      httpStatus: evidence.httpStatus ?? null,
    };
  });
}
