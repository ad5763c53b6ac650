import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { Database, Transaction } from "@jams/db/client";
import { executeOnce } from "@jams/db/prepared";
import { secretContext } from "@jams/db/secrets";
import type { AuditAction } from "../audit/record-audit-event";
import type { CookieJar, SignInMethod } from "../context";
import type { AppDeps } from "../deps";
import { randomToken, sha256 } from "../shared/crypto";
import { presentedSessionToken, sessionCookieName } from "./cookie-names";

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

/** The placeholders `signInCtes` reads (prefixed, so they cannot clash with a caller's own). */
export interface SignInValues {
  si_presented_hash: string;
  si_session_id: string;
  si_token_hash: string;
  si_method: SignInMethod;
  si_connection_id: string | null;
  si_id_token: string | null;
  si_now: string;
  si_idle_expires_at: string;
  si_expires_at: string;
  si_audit_action: AuditAction;
  si_ip: string;
}

const p = (name: keyof SignInValues) => sql.placeholder(name);

/** The new session for the `sign_in_user` row (none when it has no row). */
export function sessionInsert(): SQL {
  return sql`insert into sessions (id, token_hash, user_id, organization_id, method, connection_id, id_token_hint_encrypted,
      created_at, last_seen_at, idle_expires_at, expires_at)
    select ${p("si_session_id")}::uuid, ${p("si_token_hash")}::text, s.user_id, s.organization_id, ${p("si_method")}::sign_in_method,
      ${p("si_connection_id")}::uuid, ${p("si_id_token")}::text, ${p("si_now")}::timestamptz, ${p("si_now")}::timestamptz,
      ${p("si_idle_expires_at")}::timestamptz, ${p("si_expires_at")}::timestamptz
    from sign_in_user s
    returning id`;
}

/**
 * Every sign-in — password, invitation, SSO — is ONE statement (data-modifying CTEs are atomic
 * together) built from these CTEs: revoke the session cookie the browser brought (a planted or
 * stale cookie is never reused), insert a fresh session, write the audit event, and mark the
 * user signed in (`signed`, returning the user's id and role).
 *
 * They read the user from the caller's CTE `sign_in_user (user_id, organization_id, email,
 * audit_metadata, …)` and write nothing when it has no row: the SSO callback decides in the same
 * statement whether the sign-in may happen at all. `set` adds user columns (`u` is the user row,
 * `s` the sign_in_user row); `where` guards the user row — when it refuses, `signed` is empty
 * while the session and audit rows exist: callers then throw inside their transaction, or rely
 * on the session never resolving for a user who is not active.
 */
export function signInCtes(user: { set?: SQL; where?: SQL } = {}): SQL {
  return sql`si_revoked as (
    update sessions set revoked_at = ${p("si_now")}::timestamptz
    -- No usable cookie matches nothing: no hash is empty.
    where token_hash = ${p("si_presented_hash")}::text and revoked_at is null and exists (select 1 from sign_in_user)
    returning id
  ), si_created as (${sessionInsert()}), si_audited as (
    insert into audit_events (organization_id, actor_user_id, actor_email, action, target_type, target_id, metadata, ip)
    select s.organization_id, s.user_id, s.email, ${p("si_audit_action")}::text, 'user', s.user_id::text, s.audit_metadata, ${p("si_ip")}::text
    from sign_in_user s
    returning id
  ), signed as (
    update users u set ${user.set ? sql`${user.set}, ` : sql``}last_sign_in_at = ${p("si_now")}::timestamptz,
      last_sign_in_method = ${p("si_method")}::sign_in_method
    from sign_in_user s
    where u.id = s.user_id${user.where ? sql` and ${user.where}` : sql``}
    returning u.id, u.role
  )`;
}

/**
 * The values for `signInCtes` and the cookie to set once the statement has succeeded. The
 * session id and token are brand new: whatever cookie the browser sent is revoked, never reused.
 */
export function signInValues(deps: AppDeps, input: Omit<SignIn, "user" | "audit"> & { auditAction: AuditAction }) {
  const { now } = input;
  const token = randomToken();
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + deps.config.sessionAbsoluteTimeoutMs);
  const idleExpiresAt = new Date(Math.min(now.getTime() + deps.config.sessionIdleTimeoutMs, expiresAt.getTime()));
  const presented = presentedSessionToken(deps.config, input.cookies);
  const values: SignInValues = {
    si_presented_hash: presented ? sha256(presented) : "",
    si_session_id: id,
    si_token_hash: sha256(token),
    si_method: input.method,
    si_connection_id: input.connectionId ?? null,
    si_id_token: input.idToken ? deps.secrets.seal(input.idToken, secretContext.sessionIdToken(id)) : null,
    si_now: now.toISOString(),
    si_idle_expires_at: idleExpiresAt.toISOString(),
    si_expires_at: expiresAt.toISOString(),
    si_audit_action: input.auditAction,
    si_ip: input.ip,
  };
  return { sessionId: id, values, setCookie: () => input.cookies.set(sessionCookieName(deps.config), token, { expires: expiresAt }) };
}

export interface SignedInRow {
  id: string;
  role: "admin" | "member";
}

/**
 * A sign-in of a user already known by id (password, invitation). `set`/`where` as in
 * `signInCtes`; their values go in `values`. The cookie is set only once the statement has
 * succeeded and the guard let the user through.
 */
export async function signIn(
  deps: AppDeps,
  db: Database | Transaction,
  input: SignIn,
  statement: { set?: SQL; where?: SQL; values?: Record<string, unknown> } = {},
): Promise<SignedInRow | null> {
  const { values, setCookie } = signInValues(deps, { ...input, auditAction: input.audit.action });
  const query = sql`with sign_in_user as (
    select ${sql.placeholder("user_id")}::uuid as user_id, ${sql.placeholder("organization_id")}::uuid as organization_id,
      ${sql.placeholder("email")}::text as email, ${sql.placeholder("audit_metadata")}::text::jsonb as audit_metadata
  ), ${signInCtes(statement)}
  select id, role from signed`;
  const [row] = await executeOnce<SignedInRow>(db, query, {
    ...statement.values,
    ...values,
    user_id: input.user.id,
    organization_id: input.user.organizationId,
    email: input.user.email,
    audit_metadata: JSON.stringify(input.audit.metadata),
  });
  if (!row) return null;
  setCookie();
  return row;
}
