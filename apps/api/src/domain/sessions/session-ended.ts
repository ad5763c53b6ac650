import { eq } from "drizzle-orm";
import { organizations, sessions } from "@jams/db/schema";
import type { RequestContext } from "../context";
import { sha256 } from "../shared/crypto";
import { presentedSessionToken } from "./cookie-names";

export type SessionEndReason = "sso_enforced";

/**
 * Why the session this browser still holds a cookie for has ended, when the person should be
 * told: only the cookie's holder can ask, and only a reason is returned — never who or when.
 */
export async function getSessionEnded({ ctx }: { ctx: RequestContext }): Promise<{ reason: SessionEndReason | null }> {
  const token = presentedSessionToken(ctx.deps.config, ctx.cookies);
  if (ctx.session || !token) return { reason: null };
  const [row] = await ctx.deps.db
    .select({ revokedReason: sessions.revokedReason, revokedAt: sessions.revokedAt, method: sessions.method, enforced: organizations.ssoEnforced })
    .from(sessions)
    .innerJoin(organizations, eq(organizations.id, sessions.organizationId))
    .where(eq(sessions.tokenHash, sha256(token)))
    .limit(1);
  if (!row) return { reason: null };
  // Revoked by enforcement, or a password session created in the race just before it committed.
  const ended = row.revokedReason === "sso_enforced" || (row.revokedAt === null && row.method !== "sso" && row.enforced);
  return { reason: ended ? "sso_enforced" : null };
}
