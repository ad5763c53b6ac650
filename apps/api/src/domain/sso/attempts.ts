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

/**
 * Nothing came back, so there is no code: the admin still needs the usual suspects (the setup
 * guide's "never returns" gotcha, and IdPs that show their own error page on a bad redirect URI).
 */
export const ABANDONED_HINT =
  "The user was sent to the identity provider but never came back. Common causes: a sign-on policy requires MFA the user has not set up (relax the policy for this app or enrol the user), the provider showed its own error page because the Sign-in redirect URI does not match the Redirect URI exactly, or the user closed the window.";

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
  return rows.map(({ outcome, ...row }) => {
    const expired = outcome === "pending" && row.startedAt.getTime() < abandonedBefore;
    // A code on a pending attempt: the callback arrived but its outcome was never written (see
    // consume-transaction.ts), i.e. it failed with that code, it was not abandoned.
    const status = expired ? (row.code ? "failed" : "abandoned") : outcome;
    return {
      ...row,
      status,
      adminHint: status === "abandoned" ? ABANDONED_HINT : adminHintFor(row.code),
    };
  });
}
