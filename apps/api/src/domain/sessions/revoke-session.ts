import { and, eq, isNull } from "drizzle-orm";
import { sessions } from "@jams/db/schema";
import type { Database, Transaction } from "@jams/db/client";
import type { CookieJar } from "../context";
import type { AppDeps } from "../deps";
import { sha256 } from "../shared/crypto";
import { sessionCookieName } from "./cookie-names";

/**
 * Revokes whatever session the browser presented (valid or not) before a new sign-in, so
 * session ids are never carried across an authentication boundary.
 */
export async function revokePresentedSession(deps: AppDeps, db: Database | Transaction, cookies: CookieJar): Promise<void> {
  const token = cookies.get(sessionCookieName(deps.config));
  if (!token || token.length > 100) return;
  await db
    .update(sessions)
    .set({ revokedAt: deps.now() })
    .where(and(eq(sessions.tokenHash, sha256(token)), isNull(sessions.revokedAt)));
}

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
