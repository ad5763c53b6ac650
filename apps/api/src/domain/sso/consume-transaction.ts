import { eq } from "drizzle-orm";
import type { Database } from "@jams/db/client";
import { ssoConnections, ssoTransactions } from "@jams/db/schema";
import { sha256 } from "../shared/crypto";
import { connectionSettingsColumns } from "./connection-settings";

/**
 * Deletes the transaction and returns it with its connection in ONE statement
 * (`WITH consumed AS (DELETE … RETURNING) SELECT … JOIN`): a replay finds nothing, and two
 * concurrent callbacks with the same state cannot both win.
 */
export async function consumeTransaction(db: Database, state: string) {
  const consumed = db
    .$with("consumed")
    .as(db.delete(ssoTransactions).where(eq(ssoTransactions.stateHash, sha256(state))).returning());
  const [row] = await db
    .with(consumed)
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
