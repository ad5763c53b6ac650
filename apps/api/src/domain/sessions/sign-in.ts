import { and, eq, isNull, type SQL, type WithSubquery } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { auditEvents, sessions, users } from "@jams/db/schema";
import type { Database, Transaction } from "@jams/db/client";
import { type AuditAction, auditEventInsert } from "../audit/record-audit-event";
import type { CookieJar, SignInMethod } from "../context";
import type { AppDeps } from "../deps";
import { sha256 } from "../shared/crypto";
import { presentedSessionToken } from "./cookie-names";
import { prepareSession } from "./create-session";

export interface SignIn {
  user: { id: string; email: string; organizationId: string };
  method: SignInMethod;
  connectionId?: string | null;
  /** Kept encrypted only as id_token_hint for logout at the IdP. */
  idToken?: string | null;
  /** The audit event; its actor and target are the signed-in user. */
  audit: { action: AuditAction; metadata: Record<string, unknown> };
  cookies: CookieJar;
  ip: string;
  now: Date;
}

/** What a caller adds to the sign-in's one statement. */
export interface SignInStatement {
  /** The caller's own data-modifying CTEs, written in the same statement (and listed first). */
  before?: WithSubquery[];
  /** More user columns to write alongside lastSignInAt/lastSignInMethod. */
  set?: PgUpdateSetSource<typeof users>;
  /** A guard on the user row; when it refuses, no row comes back and no cookie is set. */
  where?: SQL;
}

/**
 * Every sign-in — password, invitation, SSO — in ONE statement (data-modifying CTEs are atomic
 * together): revoke the session cookie the browser brought (a planted or stale cookie is never
 * reused), insert a fresh session, write the audit event, and mark the user signed in (the
 * UPDATE the CTEs hang off). The CTEs run even when the caller's guard refuses the user: the
 * caller then throws inside its transaction, or relies on the session never resolving for a
 * user who is not active. The cookie is set only once the statement has succeeded.
 */
export async function signIn(
  deps: AppDeps,
  db: Database | Transaction,
  input: SignIn,
  statement: SignInStatement = {},
): Promise<{ id: string; role: "admin" | "member" } | null> {
  const { user, now } = input;
  const session = prepareSession(deps, db, {
    userId: user.id,
    organizationId: user.organizationId,
    method: input.method,
    connectionId: input.connectionId ?? null,
    idToken: input.idToken ?? null,
  });
  const presented = presentedSessionToken(deps.config, input.cookies);
  const revoked = db.$with("revoked").as(
    db
      .update(sessions)
      .set({ revokedAt: now })
      // No usable cookie matches nothing: no hash is empty.
      .where(and(eq(sessions.tokenHash, presented ? sha256(presented) : ""), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id }),
  );
  const created = db.$with("created").as(session.insert.returning({ id: sessions.id }));
  const audited = db.$with("audited").as(
    auditEventInsert(db, {
      organizationId: user.organizationId,
      actor: { id: user.id, email: user.email },
      action: input.audit.action,
      target: { type: "user", id: user.id },
      metadata: input.audit.metadata,
      ip: input.ip,
    }).returning({ id: auditEvents.id }),
  );
  const [row] = await db
    .with(...(statement.before ?? []), revoked, created, audited)
    .update(users)
    .set({ ...statement.set, lastSignInAt: now, lastSignInMethod: input.method })
    .where(statement.where ? and(eq(users.id, user.id), statement.where) : eq(users.id, user.id))
    .returning({ id: users.id, role: users.role });
  if (!row) return null;
  session.setCookie(input.cookies);
  return row;
}
