import { sql } from "drizzle-orm";
import { definePrepared } from "@jams/db/prepared";
import { rateLimitHitCte, type RateLimitRow } from "../shared/rate-limit";
import { type SealedSettingsColumns, sealedSettingsSql } from "./connection/settings";

export interface StartRow extends RateLimitRow, SealedSettingsColumns {
  /** Null when no such connection exists. */
  id: string | null;
  enabled: boolean | null;
  /** Whether the attempt and transaction rows were written (the connection may start a flow). */
  started: boolean;
}

/**
 * One statement starts a flow: the rate-limit hit (sign-ins only), the connection's settings,
 * and the attempt and transaction inserts, which only happen when the hit is within `max` and
 * the connection may start this purpose (a disabled one still runs its admin's test). Both rows
 * are inserted in one statement, so no transaction round trips: the transaction's foreign key to
 * the attempt is checked at the end of the statement, when the attempt row exists.
 */
function startSql(rateLimited: boolean) {
  const rl = rateLimited ? rateLimitHitCte() : sql`rl as (select 0 as rl_count, 0::float8 as rl_reset_ms)`;
  return sql`with ${rl},
  conn as (
    select c.id, c.enabled, ${sql.raw(sealedSettingsSql("c"))}
    from sso_connections c where c.id = ${sql.placeholder("connection_id")}::uuid
  ), allowed as (
    select id from conn
    where (enabled or ${sql.placeholder("purpose")}::sso_flow_purpose = 'test')
      and (select rl_count from rl) <= ${sql.placeholder("max")}::int
  ), attempt as (
    insert into sso_sign_in_attempts (id, connection_id, purpose, email_hint, started_at)
    select ${sql.placeholder("attempt_id")}::uuid, id, ${sql.placeholder("purpose")}::sso_flow_purpose,
      ${sql.placeholder("email_hint")}::text, ${sql.placeholder("now")}::timestamptz
    from allowed
    returning id, connection_id
  ), txn as (
    insert into sso_transactions (state_hash, connection_id, attempt_id, purpose, nonce, code_verifier,
      browser_binding_hash, initiated_by_user_id, return_to, expires_at, created_at)
    select ${sql.placeholder("state_hash")}::text, connection_id, id, ${sql.placeholder("purpose")}::sso_flow_purpose,
      ${sql.placeholder("nonce")}::text, ${sql.placeholder("code_verifier")}::text, ${sql.placeholder("binding_hash")}::text,
      ${sql.placeholder("initiated_by")}::uuid, ${sql.placeholder("return_to")}::text,
      ${sql.placeholder("expires_at")}::timestamptz, ${sql.placeholder("now")}::timestamptz
    from attempt
    returning attempt_id
  )
  select rl.rl_count, rl.rl_reset_ms, exists (select 1 from txn) as started, conn.*
  from rl left join conn on true`;
}

export const startSignInStatement = definePrepared<StartRow>("sso_start_sign_in", () => startSql(true));
export const startTestStatement = definePrepared<StartRow>("sso_start_test", () => startSql(false));
