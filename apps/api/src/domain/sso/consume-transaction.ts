import { eq, inArray } from "drizzle-orm";
import type { Database } from "@jams/db/client";
import { ssoConnections, ssoSignInAttempts, ssoTransactions } from "@jams/db/schema";
import { sha256 } from "../shared/crypto";
import { connectionSettingsColumns } from "./connection/settings";

/**
 * Deletes the transaction and returns it with its connection in ONE statement
 * (`WITH consumed AS (DELETE … RETURNING) SELECT … JOIN`): a replay finds nothing, and two
 * concurrent callbacks with the same state cannot both win.
 *
 * The same statement pre-records the attempt's outcome code as `service_unavailable` (it stays
 * pending): once the transaction is gone, nothing could retry the flow, so if the database
 * drops before the outcome is written the admin sees an outage, not "abandoned at the IdP".
 * Every later outcome overwrites the code.
 */
export const OUTAGE_CODE = "service_unavailable";

export async function consumeTransaction(db: Database, state: string) {
  const consumed = db
    .$with("consumed")
    .as(db.delete(ssoTransactions).where(eq(ssoTransactions.stateHash, sha256(state))).returning());
  const marked = db.$with("marked").as(
    db
      .update(ssoSignInAttempts)
      .set({ code: OUTAGE_CODE })
      .where(inArray(ssoSignInAttempts.id, db.select({ id: consumed.attemptId }).from(consumed)))
      .returning({ id: ssoSignInAttempts.id }),
  );
  const [row] = await db
    .with(consumed, marked)
    .select({
      attemptId: consumed.attemptId,
      purpose: consumed.purpose,
      nonce: consumed.nonce,
      codeVerifier: consumed.codeVerifier,
      browserBindingHash: consumed.browserBindingHash,
      initiatedByUserId: consumed.initiatedByUserId,
      returnTo: consumed.returnTo,
      expiresAt: consumed.expiresAt,
      startedAt: consumed.createdAt,
      connection: connectionSettingsColumns,
    })
    .from(consumed)
    .innerJoin(ssoConnections, eq(ssoConnections.id, consumed.connectionId));
  return row ?? null;
}

export type ConsumedTransaction = NonNullable<Awaited<ReturnType<typeof consumeTransaction>>>;
