import { sql } from "drizzle-orm";
import { definePrepared } from "@jams/db/prepared";
import { normalizeTypedEmail } from "@jams/oidc/email";
import type { RequestContext } from "../context";
import { emailDomain } from "../domains/domain-name";
import { verifiedOwnerSql } from "../domains/domain-owner";
import { DomainError } from "../errors";
import { rateLimitHitCte, rateLimitParams, throwIfLimited, toRateLimitResult, type RateLimitRow } from "../shared/rate-limit";

export interface DiscoverResult {
  email: string;
  sso: { connectionId: string; label: string }[];
  passwordAllowed: boolean;
}

interface DiscoverRow extends RateLimitRow {
  source: "domain" | "user" | null;
  organization_id: string | null;
  has_password: boolean | null;
  sso_enforced: boolean | null;
  connection_id: string | null;
  label: string | null;
}

/**
 * One statement: the per-address hit, then the answer. A verified domain answers from its
 * organisation alone, for every address on it, whether or not that address has an account: the
 * answer says nothing about who exists (finding 3). Otherwise the user's organisation answers;
 * several organisations may have invited one address, and the one holding it (active) wins,
 * otherwise the oldest invitation. `rl left join` keeps the rate-limit row when nothing matches.
 */
const discoverStatement = definePrepared<DiscoverRow>(
  "auth_discover",
  () => sql`with ${rateLimitHitCte()},
  owner as (${verifiedOwnerSql(sql`${sql.placeholder("domain")}::text`)}), answer as (
    select 'domain' as source, o.id as organization_id, true as has_password, o.sso_enforced,
      c.id as connection_id, c.label, 0 as held_rank, o.created_at as user_created_at, c.created_at as connection_created_at
    from owner w
    join organizations o on o.id = w.organization_id
    left join sso_connections c on c.organization_id = o.id and c.enabled
    union all
    select 'user', u.organization_id, u.password_hash is not null, o.sso_enforced,
      c.id, c.label, case when u.status = 'active' then 0 else 1 end, u.created_at, c.created_at
    from users u
    join organizations o on o.id = u.organization_id
    left join sso_connections c on c.organization_id = u.organization_id and c.enabled
    where lower(u.email) = ${sql.placeholder("email")}::text and u.status <> 'disabled'
      and not exists (select 1 from owner)
  )
  select rl.rl_count, rl.rl_reset_ms, a.source, a.organization_id, a.has_password, a.sso_enforced, a.connection_id, a.label
  from rl left join answer a on true
  order by a.held_rank, a.user_created_at, a.connection_created_at`,
);

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
  const { db, config } = ctx.deps;
  const now = ctx.deps.now();
  const rows = await discoverStatement(db).execute({
    ...rateLimitParams(`discover:ip:${ctx.meta.ip}`, config.rateLimits.windowMs, now),
    domain: emailDomain(email),
    email,
  });
  const first = rows[0];
  if (!first) throw new Error("discover returned no rate-limit row");
  throwIfLimited(toRateLimitResult(first), config.rateLimits.discoverPerIp, now);
  if (first.source === null || first.organization_id === null) return { email, sso: [], passwordAllowed: true };

  const sso = rows.flatMap((row) =>
    row.organization_id === first.organization_id && row.connection_id && row.label ? [{ connectionId: row.connection_id, label: row.label }] : [],
  );
  if (first.source === "domain") return { email, sso, passwordAllowed: !(first.sso_enforced ?? false) || sso.length === 0 };
  // A user without a password in an org without SSO answers like an unknown email (the password
  // attempt then fails like one); offering a password form beside SSO would only confuse them.
  const passwordAllowed = !first.sso_enforced && ((first.has_password ?? false) || sso.length === 0);
  return { email, sso, passwordAllowed };
}
