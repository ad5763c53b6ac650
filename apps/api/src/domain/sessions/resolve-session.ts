import { and, eq, gt, isNull, or } from "drizzle-orm";
import { organizations, sessions, users } from "@jams/db/schema";
import type { CookieJar, SessionInfo, SessionUser } from "../context";
import type { AppDeps } from "../deps";
import { sha256 } from "../shared/crypto";
import { MAX_SESSION_COOKIE_LENGTH, sessionCookieName } from "./cookie-names";

// Writing lastSeenAt on every request would turn reads into writes; a minute of slack is harmless.
const IDLE_EXTENSION_GRANULARITY_MS = 60_000;

export async function resolveSessionFromCookies(
  deps: AppDeps,
  cookies: CookieJar,
): Promise<{ session: SessionInfo; user: SessionUser } | null> {
  const token = cookies.get(sessionCookieName(deps.config));
  return token ? resolveSessionToken(deps, token) : null;
}

/** One indexed read; an idle-extension write at most once a minute per session. */
export async function resolveSessionToken(
  deps: AppDeps,
  token: string,
): Promise<{ session: SessionInfo; user: SessionUser } | null> {
  if (token.length > MAX_SESSION_COOKIE_LENGTH) return null;
  const now = deps.now();
  const [row] = await deps.db
    .select({
      id: sessions.id,
      method: sessions.method,
      connectionId: sessions.connectionId,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      organizationId: users.organizationId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(
      and(
        eq(sessions.tokenHash, sha256(token)),
        isNull(sessions.revokedAt),
        gt(sessions.idleExpiresAt, now),
        gt(sessions.expiresAt, now),
        eq(users.status, "active"),
        // Enforcement revokes password sessions, but one created concurrently (a password sign-in
        // that passed its check just before enforcement committed) must not outlive the policy.
        or(eq(sessions.method, "sso"), eq(organizations.ssoEnforced, false)),
      ),
    )
    .limit(1);
  if (!row) return null;

  if (now.getTime() - row.lastSeenAt.getTime() >= IDLE_EXTENSION_GRANULARITY_MS) {
    const idle = Math.min(now.getTime() + deps.config.sessionIdleTimeoutMs, row.expiresAt.getTime());
    await deps.db
      .update(sessions)
      .set({ lastSeenAt: now, idleExpiresAt: new Date(idle) })
      .where(eq(sessions.id, row.id));
  }
  return {
    session: { id: row.id, method: row.method, connectionId: row.connectionId, createdAt: row.createdAt },
    user: {
      id: row.userId,
      email: row.email,
      displayName: row.displayName,
      role: row.role,
      organizationId: row.organizationId,
    },
  };
}
