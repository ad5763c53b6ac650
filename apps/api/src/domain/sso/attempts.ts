import { desc, eq } from "drizzle-orm";
import { ssoSignInAttempts } from "@jams/db/schema";
import type { AuthedContext } from "../context";
import { findOwnConnection } from "./connection-view";
import { SSO_TRANSACTION_TTL_MS } from "./start-sso";
import { adminHintFor } from "./test-result";

export interface AttemptView {
  id: string;
  purpose: "sign_in" | "test";
  /** "abandoned": started but never came back (e.g. an IdP MFA policy the user could not pass). */
  status: "pending" | "succeeded" | "failed" | "abandoned";
  code: string | null;
  adminHint: string | null;
  idpError: string | null;
  idpErrorDescription: string | null;
  emailHint: string | null;
  durationMs: number | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export async function listAttempts({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: { connectionId: string; limit?: number | undefined };
}): Promise<AttemptView[]> {
  await findOwnConnection(ctx, input.connectionId);
  const rows = await ctx.deps.db
    .select({
      id: ssoSignInAttempts.id,
      purpose: ssoSignInAttempts.purpose,
      outcome: ssoSignInAttempts.outcome,
      code: ssoSignInAttempts.code,
      idpError: ssoSignInAttempts.idpError,
      idpErrorDescription: ssoSignInAttempts.idpErrorDescription,
      emailHint: ssoSignInAttempts.emailHint,
      durationMs: ssoSignInAttempts.durationMs,
      startedAt: ssoSignInAttempts.startedAt,
      finishedAt: ssoSignInAttempts.finishedAt,
    })
    .from(ssoSignInAttempts)
    .where(eq(ssoSignInAttempts.connectionId, input.connectionId))
    .orderBy(desc(ssoSignInAttempts.startedAt))
    .limit(input.limit ?? 50);
  const abandonedBefore = ctx.deps.now().getTime() - SSO_TRANSACTION_TTL_MS;
  return rows.map(({ outcome, ...row }) => ({
    ...row,
    status: outcome === "pending" && row.startedAt.getTime() < abandonedBefore ? "abandoned" : outcome,
    adminHint: adminHintFor(row.code),
  }));
}
