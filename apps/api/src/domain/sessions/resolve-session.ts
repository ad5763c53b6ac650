import { sql } from "drizzle-orm";
import { definePrepared } from "@jams/db/prepared";
import type { CookieJar, SessionInfo, SessionUser } from "../context";
import type { AppDeps } from "../deps";
import { sha256 } from "../shared/crypto";
import { MAX_SESSION_COOKIE_LENGTH, sessionCookieName } from "./cookie-names";

// Writing lastSeenAt on every request would turn reads into writes; a minute of slack is harmless.
const IDLE_EXTENSION_GRANULARITY_MS = 60_000;

interface SessionRow {
  id: string;
  method: SessionInfo["method"];
  connection_id: string | null;
  connection_label: string | null;
  created_ms: number;
  user_id: string;
  email: string;
  display_name: string | null;
  role: SessionUser["role"];
  organization_id: string;
  organization_name: string;
  organization_slug: string;
  sso_enforced: boolean;
}

/**
 * One indexed statement per request: the session with its user, organisation and connection
 * label, and the idle extension folded in as a CTE that only writes when the last one is at
 * least a minute old (a data-modifying CTE runs whether or not the select reads it).
 */
const resolveStatement = definePrepared<SessionRow>(
  "session_resolve",
  () => sql`with found as (
    select s.id, s.method, s.connection_id, c.label as connection_label,
      (extract(epoch from s.created_at) * 1000)::float8 as created_ms,
      s.last_seen_at, s.expires_at,
      u.id as user_id, u.email, u.display_name, u.role, u.organization_id,
      o.name as organization_name, o.slug as organization_slug, o.sso_enforced
    from sessions s
    join users u on u.id = s.user_id
    join organizations o on o.id = u.organization_id
    left join sso_connections c on c.id = s.connection_id
    where s.token_hash = ${sql.placeholder("token_hash")}::text
      and s.revoked_at is null
      and s.idle_expires_at > ${sql.placeholder("now")}::timestamptz
      and s.expires_at > ${sql.placeholder("now")}::timestamptz
      and u.status = 'active'
      -- Enforcement revokes password sessions, but one created concurrently (a password sign-in
      -- that passed its check just before enforcement committed) must not outlive the policy.
      and (s.method = 'sso' or o.sso_enforced = false)
    limit 1
  ), touched as (
    update sessions set last_seen_at = ${sql.placeholder("now")}::timestamptz,
      idle_expires_at = least(${sql.placeholder("idle_until")}::timestamptz, found.expires_at)
    from found
    where sessions.id = found.id and found.last_seen_at <= ${sql.placeholder("stale_before")}::timestamptz
  )
  select id, method, connection_id, connection_label, created_ms, user_id, email, display_name, role,
    organization_id, organization_name, organization_slug, sso_enforced
  from found`,
);

export async function resolveSessionFromCookies(
  deps: AppDeps,
  cookies: CookieJar,
): Promise<{ session: SessionInfo; user: SessionUser } | null> {
  const token = cookies.get(sessionCookieName(deps.config));
  return token ? resolveSessionToken(deps, token) : null;
}

/** One indexed statement; an idle-extension write at most once a minute per session. */
export async function resolveSessionToken(
  deps: AppDeps,
  token: string,
): Promise<{ session: SessionInfo; user: SessionUser } | null> {
  if (token.length > MAX_SESSION_COOKIE_LENGTH) return null;
  const now = deps.now();
  const [row] = await resolveStatement(deps.db).execute({
    token_hash: sha256(token),
    now: now.toISOString(),
    idle_until: new Date(now.getTime() + deps.config.sessionIdleTimeoutMs).toISOString(),
    stale_before: new Date(now.getTime() - IDLE_EXTENSION_GRANULARITY_MS).toISOString(),
  });
  if (!row) return null;
  return {
    session: {
      id: row.id,
      method: row.method,
      connectionId: row.connection_id,
      connectionLabel: row.connection_label,
      createdAt: new Date(row.created_ms),
    },
    user: {
      id: row.user_id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      organizationId: row.organization_id,
      organization: { name: row.organization_name, slug: row.organization_slug, ssoEnforced: row.sso_enforced },
    },
  };
}
