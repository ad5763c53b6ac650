import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "@jams/db/client";
import { normalizeTypedEmail } from "@jams/oidc/email";
import { organizations, ssoConnections, users } from "@jams/db/schema";
import type { RequestContext } from "../context";
import { emailDomain } from "../domains/domain-name";
import { verifiedOwnerOf } from "../domains/domain-owner";
import { DomainError } from "../errors";
import { enforceRateLimit } from "../shared/rate-limit";

export interface DiscoverResult {
  email: string;
  sso: { connectionId: string; label: string }[];
  passwordAllowed: boolean;
}

/**
 * A verified domain answers from its organisation alone, for every address on it, whether or
 * not that address has an account: the answer says nothing about who exists (finding 3).
 */
async function answerFromOrganization(db: Database, organizationId: string): Promise<Omit<DiscoverResult, "email">> {
  const rows = await db
    .select({ ssoEnforced: organizations.ssoEnforced, connectionId: ssoConnections.id, label: ssoConnections.label })
    .from(organizations)
    .leftJoin(ssoConnections, and(eq(ssoConnections.organizationId, organizations.id), eq(ssoConnections.enabled, true)))
    .where(eq(organizations.id, organizationId))
    .orderBy(asc(ssoConnections.createdAt));
  const sso = rows.flatMap((row) => (row.connectionId && row.label ? [{ connectionId: row.connectionId, label: row.label }] : []));
  return { sso, passwordAllowed: !(rows[0]?.ssoEnforced ?? false) || sso.length === 0 };
}

/**
 * Identifier-first routing. On an unverified domain an unknown email gets exactly the answer a
 * password-only user gets (no SSO, password allowed); on a verified domain every address gets
 * the domain's answer.
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

  const owner = await verifiedOwnerOf(db, emailDomain(email));
  if (owner !== null) return { email, ...(await answerFromOrganization(db, owner)) };

  const rows = await db
    .select({
      organizationId: users.organizationId,
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
    // Several organisations may have invited one address; the one holding it (active) wins,
    // otherwise the oldest invitation.
    .orderBy(desc(sql`${users.status} = 'active'`), asc(users.createdAt), asc(ssoConnections.createdAt));

  const first = rows[0];
  if (!first) return { email, sso: [], passwordAllowed: true };
  const sso = rows.flatMap((row) =>
    row.organizationId === first.organizationId && row.connectionId && row.label ? [{ connectionId: row.connectionId, label: row.label }] : [],
  );
  // A user without a password in an org without SSO answers like an unknown email (the password
  // attempt then fails like one); offering a password form beside SSO would only confuse them.
  const passwordAllowed = !first.ssoEnforced && (first.hasPassword || sso.length === 0);
  return { email, sso, passwordAllowed };
}
