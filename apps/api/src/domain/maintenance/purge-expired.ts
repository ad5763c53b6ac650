import { lt, sql } from "drizzle-orm";
import type { Database } from "@jams/db/client";
import { rateLimitBuckets, scimRequests, sessions, ssoSignInAttempts, ssoTransactions } from "@jams/db/schema";

// Ended sessions stay a while so "signed out because…" questions can still be answered.
const SESSION_RETENTION_MS = 30 * 24 * 3_600_000;

// Sign-in diagnostics are for "why did my colleague's sign-in fail"; anyone may start attempts,
// so they must not grow without bound. The audit trail keeps the record of sign-ins for longer.
export const ATTEMPT_RETENTION_MS = 90 * 24 * 3_600_000;

// The SCIM request log answers "what did the IdP send lately"; the audit trail keeps the writes.
export const SCIM_REQUEST_RETENTION_MS = 30 * 24 * 3_600_000;

/**
 * Deletes rows that can never matter again. Idempotent, so every instance may run it on its own
 * timer without coordination.
 */
export async function purgeExpiredRows(db: Database, now: Date): Promise<void> {
  await db.delete(ssoTransactions).where(lt(ssoTransactions.expiresAt, now));
  await db.delete(rateLimitBuckets).where(lt(rateLimitBuckets.resetAt, now));
  await db.delete(ssoSignInAttempts).where(lt(ssoSignInAttempts.startedAt, new Date(now.getTime() - ATTEMPT_RETENTION_MS)));
  await db.delete(scimRequests).where(lt(scimRequests.createdAt, new Date(now.getTime() - SCIM_REQUEST_RETENTION_MS)));
  const cutoff = new Date(now.getTime() - SESSION_RETENTION_MS);
  await db.delete(sessions).where(sql`${sessions.expiresAt} < ${cutoff.toISOString()}::timestamptz or ${sessions.revokedAt} < ${cutoff.toISOString()}::timestamptz`);
}
