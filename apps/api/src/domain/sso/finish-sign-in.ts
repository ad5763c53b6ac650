import { sql } from "drizzle-orm";
import { definePrepared } from "@jams/db/prepared";
import type { VerifiedIdentity } from "@jams/oidc/relying-party";
import type { CookieJar, RequestMeta } from "../context";
import type { AppDeps } from "../deps";
import { type AppErrorCode, DomainError } from "../errors";
import { signInCtes, signInValues, type SignInValues } from "../sessions/sign-in";
import { isUniqueViolation } from "../users/create-invitation";
import type { ConsumedTransaction } from "./consume-transaction";
import { matchCtes, matchValues, type MatchValues } from "./match-user";

interface FinishValues extends MatchValues, SignInValues {
  label: string;
  /** The IdP's display name, kept only when the user has none yet. */
  name: string | null;
  attempt_id: string;
  duration_ms: number;
}

const p = (name: keyof FinishValues) => sql.placeholder(name);

/**
 * A whole SSO sign-in after the token exchange, in ONE prepared statement (one shape for every
 * role, status and groups claim; the differences are CASE expressions over the matched row):
 * 1. `matched` (match-user.ts) decides whether this identity may sign in, and as whom;
 * 2. `bound`/`touched` bind (connection, sub) on first use or touch the binding. The unique
 *    indexes decide a race between two first sign-ins: a lost race inserts nothing, and
 *    `sign_in_user` is then empty, so nothing below writes;
 * 3. from `sign_in_user` only: accept open invitations, close the attempt, mark the connection
 *    verified when an admin signs in (an admin's successful SSO sign-in proves the connection
 *    as much as a Test sign-in does, guide Step 7), the sign-in itself (sessions/sign-in.ts:
 *    revoke the presented cookie, session, audit, user activated/updated), and the groups
 *    claim's role change or refusal in the audit log.
 * The final select says what happened: a refusal's code, or null for a signed-in user.
 */
const finishStatement = definePrepared<{ code: AppErrorCode | null }>(
  "sso_finish_sign_in",
  () => sql`with ${matchCtes()},
  ok as (select * from matched where code is null),
  bound as (
    insert into sso_identities (connection_id, subject, user_id, created_at, last_used_at)
    select ${p("m_connection")}::uuid, ${p("m_subject")}::text, user_id, ${p("si_now")}::timestamptz, ${p("si_now")}::timestamptz
    from ok where subject_owner is null
    on conflict do nothing
    returning id
  ), touched as (
    update sso_identities set last_used_at = ${p("si_now")}::timestamptz
    where connection_id = ${p("m_connection")}::uuid and subject = ${p("m_subject")}::text
      and exists (select 1 from ok where subject_owner is not null)
    returning id
  ), sign_in_user as (
    select ok.user_id, ok.organization_id, ok.email, ok.status, ok.role, ok.group_role,
      -- The groups claim's role; a demotion only while another active admin remains, so the
      -- organisation never ends up without one. Null: the role stays as it is.
      case
        when ok.group_role is null or ok.group_role = ok.role then null
        when ok.group_role = 'admin' then 'admin'::user_role
        when exists (select 1 from users other where other.organization_id = ok.organization_id and other.role = 'admin'
          and other.status = 'active' and other.id <> ok.user_id) then 'member'::user_role
        else 'admin'::user_role
      end as role_to,
      jsonb_build_object('method', 'sso', 'connectionId', ${p("m_connection")}::text, 'connectionLabel', ${p("label")}::text,
        'activated', ok.status = 'invited') as audit_metadata
    from ok where ok.subject_owner is not null or exists (select 1 from bound)
  ), accepted as (
    update invitations set accepted_at = ${p("si_now")}::timestamptz
    where user_id in (select user_id from sign_in_user) and accepted_at is null
    returning id
  ), attempt as (
    update sso_sign_in_attempts a set outcome = 'succeeded', code = null, finished_at = ${p("si_now")}::timestamptz,
      user_id = s.user_id, subject = ${p("m_subject")}::text, duration_ms = ${p("duration_ms")}::int
    from sign_in_user s where a.id = ${p("attempt_id")}::uuid
    returning a.id
  ), verified as (
    update sso_connections set verified_at = ${p("si_now")}::timestamptz
    where id = ${p("m_connection")}::uuid and organization_id = ${p("m_org")}::uuid and verified_at is null
      and exists (select 1 from sign_in_user where role = 'admin')
    returning id
  ), ${signInCtes({
    set: sql`status = case when s.status = 'invited' then 'active'::user_status else u.status end,
      display_name = coalesce(u.display_name, ${p("name")}::text), role = coalesce(s.role_to, u.role),
      updated_at = ${p("si_now")}::timestamptz`,
    // The match is a moment old: an admin's disable committed in between must win, never be
    // undone by the activation above. The session row then exists but never resolves.
    where: sql`u.status <> 'disabled'`,
  })}, role_audited as (
    insert into audit_events (organization_id, actor_user_id, actor_email, action, target_type, target_id, metadata, ip)
    select s.organization_id, s.user_id, s.email,
      case when d.role = s.group_role then 'provisioning.role_changed' else 'provisioning.role_change_refused' end,
      'user', s.user_id::text,
      jsonb_build_object('source', 'groups_claim', 'connectionLabel', ${p("label")}::text, 'email', s.email, 'from', s.role, 'to', s.group_role)
        || case when d.role = s.group_role then '{}'::jsonb else '{"reason":"last_admin"}'::jsonb end,
      ${p("si_ip")}::text
    from sign_in_user s join signed d on d.id = s.user_id
    where s.group_role is not null and s.group_role <> s.role
    returning id
  )
  select case
    when m.code is not null then m.code
    when not exists (select 1 from sign_in_user) then 'sso_identity_conflict'
    when not exists (select 1 from signed) then 'user_disabled'
  end as code
  from matched m`,
);

/**
 * Matches the identity to a user and signs them in: one statement, whatever the outcome. A
 * refusal writes nothing (the caller records the failed attempt). Activating an invitation can
 * lose a race against another organisation's acceptance of the same address
 * (users_email_lower_unique): the statement, binding included, then rolls back as a whole.
 */
export async function finishSsoSignIn(
  deps: AppDeps,
  input: { flow: ConsumedTransaction; identity: VerifiedIdentity; cookies: CookieJar; meta: RequestMeta },
): Promise<void> {
  const { flow, identity } = input;
  const now = deps.now();
  const connectionId = flow.connection.id;
  const signIn = signInValues(deps, {
    method: "sso",
    connectionId,
    idToken: identity.idToken,
    auditAction: "auth.sign_in",
    cookies: input.cookies,
    ip: input.meta.ip,
    now,
  });
  const values: FinishValues = {
    ...matchValues({
      organizationId: flow.connection.organizationId,
      connectionId,
      email: identity.email,
      subject: identity.subject,
      groups: identity.groups,
    }),
    ...signIn.values,
    label: flow.connection.label,
    name: identity.name || null,
    attempt_id: flow.attemptId,
    duration_ms: Math.max(0, now.getTime() - flow.startedAt.getTime()),
  };
  const [row] = await finishStatement(deps.db)
    .execute({ ...values })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? new DomainError("sso_email_claimed") : error;
    });
  if (!row) throw new Error("sso sign-in statement returned no row");
  if (row.code !== null) throw new DomainError(row.code);
  signIn.setCookie();
}
