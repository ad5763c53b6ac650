import { and, eq, isNull } from "drizzle-orm";
import { sessions } from "@jams/db/schema";
import type { Database, Transaction } from "@jams/db/client";
import type { AppDeps } from "../deps";

export async function revokeSessionById(deps: AppDeps, sessionId: string): Promise<void> {
  await deps.db
    .update(sessions)
    .set({ revokedAt: deps.now() })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

export async function revokeUserSessions(deps: AppDeps, db: Database | Transaction, userId: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: deps.now() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
