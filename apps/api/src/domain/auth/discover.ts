import { and, asc, eq, sql } from "drizzle-orm";
import { normalizeTypedEmail } from "@jams/oidc/email";
import { organizations, ssoConnections, users } from "@jams/db/schema";
import type { RequestContext } from "../context";
import { DomainError } from "../errors";
import { enforceRateLimit } from "../shared/rate-limit";

export interface DiscoverResult {
  email: string;
  sso: { connectionId: string; label: string }[];
  passwordAllowed: boolean;
}

/**
 * Identifier-first routing. An unknown email gets exactly the answer a password-only user gets
 * (no SSO, password allowed), and both cost the same single query, so it reveals nothing.
 */
export async function discoverSignIn({
  ctx,
  input,
}: {
  ctx: RequestContext;
  input: { email: string };
}): Promise<DiscoverResult> {
  const email = normalizeTypedEmail(input.email);
  if (!email) throw new DomainError("invalid_input");
  // Per address only: discovery proves nothing, and a per-email budget would let anyone exhaust
  // a chosen user's (finding 2).
  const { db, config, now } = ctx.deps;
  await enforceRateLimit(db, { key: `discover:ip:${ctx.meta.ip}`, max: config.rateLimits.discoverPerIp, windowMs: config.rateLimits.windowMs, now: now() });

  const rows = await ctx.deps.db
    .select({
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      ssoEnforced: organizations.ssoEnforced,
      connectionId: ssoConnections.id,
      label: ssoConnections.label,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .leftJoin(
      ssoConnections,
      and(eq(ssoConnections.organizationId, users.organizationId), eq(ssoConnections.enabled, true)),
    )
    .where(and(sql`lower(${users.email}) = ${email}`, sql`${users.status} <> 'disabled'`))
    .orderBy(asc(ssoConnections.createdAt));

  const first = rows[0];
  if (!first) return { email, sso: [], passwordAllowed: true };
  const sso = rows.flatMap((row) => (row.connectionId && row.label ? [{ connectionId: row.connectionId, label: row.label }] : []));
  // A user without a password in an org without SSO answers like an unknown email (the password
  // attempt then fails like one); offering a password form beside SSO would only confuse them.
  const passwordAllowed = !first.ssoEnforced && (first.hasPassword || sso.length === 0);
  return { email, sso, passwordAllowed };
}
