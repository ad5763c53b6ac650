import { sql } from "drizzle-orm";
import type { Database } from "@jams/db/client";
import { definePrepared } from "@jams/db/prepared";
import { emailDomain } from "../domains/domain-name";
import { verifiedOwnerSql } from "../domains/domain-owner";
import { type AppErrorCode, DomainError } from "../errors";

export interface MatchInput {
  organizationId: string;
  connectionId: string;
  email: string;
  subject: string;
  groups?: string[] | null;
}

/** The placeholders `matchCtes` reads. */
export interface MatchValues {
  m_org: string;
  m_connection: string;
  m_email: string;
  m_email_domain: string;
  m_subject: string;
  /** JSON array of the lowercased `groups` claim; null when the claim is absent. */
  m_groups: string | null;
}

export function matchValues(input: MatchInput): MatchValues {
  const groups = input.groups ?? null;
  return {
    m_org: input.organizationId,
    m_connection: input.connectionId,
    m_email: input.email,
    m_email_domain: emailDomain(input.email),
    m_subject: input.subject,
    m_groups: groups === null ? null : JSON.stringify(groups.map((g) => g.toLowerCase())),
  };
}

const p = (name: keyof MatchValues) => sql.placeholder(name);

/**
 * The one home of the rules that decide whether an IdP identity may sign in as a user: CTEs
 * ending in `matched`, always exactly one row, whose `code` is null when the sign-in may go ahead
 * or the refusal's code:
 * - `user_not_provisioned`: no user with this email IN THE CONNECTION'S ORGANISATION (another
 *   organisation's user with the same email is invisible);
 * - `sso_identity_conflict`: (connection, sub) is bound to another user, or the user to another sub;
 * - `user_disabled`;
 * - `sso_email_claimed`: an invitation's first sign-in, while the address is held by another
 *   organisation or its domain is verified by one (it may not be activated here).
 * With it: the user, `subject_owner` (null when (connection, sub) is not bound yet and the caller
 * should bind it), and `group_role`, the role the organisation's group → role mappings give for
 * the `groups` claim (null when the claim is absent or no mapping exists: the role stays).
 */
export function matchCtes() {
  return sql`m_user as (
    select u.id, u.email, u.organization_id, u.display_name, u.status, u.role from users u
    where u.organization_id = ${p("m_org")}::uuid and lower(u.email) = ${p("m_email")}::text
    limit 1
  ), matched as (
    select u.id as user_id, u.email, u.organization_id, u.display_name, u.status, u.role, g.group_role,
      own.user_id as subject_owner,
      case
        when u.id is null then 'user_not_provisioned'
        when (own.user_id is not null and own.user_id <> u.id) or (bnd.subject is not null and bnd.subject <> ${p("m_subject")}::text)
          then 'sso_identity_conflict'
        when u.status = 'disabled' then 'user_disabled'
        when u.status = 'invited' and (
          exists (select 1 from users o where lower(o.email) = ${p("m_email")}::text and o.organization_id <> ${p("m_org")}::uuid and o.status <> 'invited')
          or exists (select 1 from (${verifiedOwnerSql(sql`${p("m_email_domain")}::text`)}) d where d.organization_id <> ${p("m_org")}::uuid)
        ) then 'sso_email_claimed'
      end as code
    from (select 1) one
    left join m_user u on true
    left join sso_identities own on own.connection_id = ${p("m_connection")}::uuid and own.subject = ${p("m_subject")}::text
    left join sso_identities bnd on bnd.connection_id = ${p("m_connection")}::uuid and bnd.user_id = u.id
    cross join lateral (
      select case
        when bool_or(rm.role = 'admin' and lower(rm.group_name) in (select jsonb_array_elements_text(${p("m_groups")}::text::jsonb))) then 'admin'::user_role
        when count(*) > 0 then 'member'::user_role
      end as group_role
      from group_role_mappings rm
      where rm.organization_id = ${p("m_org")}::uuid and ${p("m_groups")}::text is not null
    ) g
  )`;
}

/** The admin's Test sign-in: the same rules, nothing written (the caller records the result). */
const matchStatement = definePrepared<{ user_id: string | null; code: AppErrorCode | null }>(
  "sso_match_user",
  () => sql`with ${matchCtes()} select user_id, code from matched`,
);

export async function matchUser(db: Database, input: MatchInput): Promise<{ id: string }> {
  const [row] = await matchStatement(db).execute({ ...matchValues(input) });
  if (!row || row.code !== null || row.user_id === null) throw new DomainError(row?.code ?? "user_not_provisioned");
  return { id: row.user_id };
}
