import { sql } from "drizzle-orm";
import { definePrepared } from "@jams/db/prepared";
import type { AppDeps } from "../deps";
import { sha256 } from "../shared/crypto";
import { hitRateLimit, rateLimitHitCte, rateLimitParams, throwIfLimited, toRateLimitResult, type RateLimitRow } from "../shared/rate-limit";
import { sealedRowOf, type SealedSettingsColumns, sealedSettingsSql } from "./connection/settings";

/**
 * The callback's consumed transaction pre-records the attempt's outcome code as
 * `service_unavailable` (it stays pending): once the transaction is gone, nothing could retry
 * the flow, so if the database drops before the outcome is written the admin sees an outage,
 * not "abandoned at the IdP". Every later outcome overwrites the code.
 */
export const OUTAGE_CODE = "service_unavailable";

interface ConsumeRow extends RateLimitRow, SealedSettingsColumns {
  attempt_id: string | null;
  purpose: "sign_in" | "test";
  nonce: string;
  code_verifier: string;
  browser_binding_hash: string;
  initiated_by_user_id: string | null;
  return_to: string;
  expires_ms: number;
  started_ms: number;
  connection_id: string;
  organization_id: string;
  label: string;
  enabled: boolean;
}

/**
 * ONE statement per callback: the per-address rate-limit hit, then the transaction deleted and
 * returned with its connection's settings (a replay finds nothing, and two concurrent callbacks
 * with the same state cannot both win), and the attempt's outage code. A rate-limited callback
 * consumes nothing: the flow can still complete once the window allows.
 */
const consumeStatement = definePrepared<ConsumeRow>(
  "sso_consume_transaction",
  () => sql`with ${rateLimitHitCte()},
  consumed as (
    delete from sso_transactions
    where state_hash = ${sql.placeholder("state_hash")}::text and (select rl_count from rl) <= ${sql.placeholder("max")}::int
    returning attempt_id, connection_id, purpose, nonce, code_verifier, browser_binding_hash, initiated_by_user_id,
      return_to, expires_at, created_at
  ), marked as (
    update sso_sign_in_attempts set code = ${OUTAGE_CODE}
    where id in (select attempt_id from consumed)
    returning id
  )
  select rl.rl_count, rl.rl_reset_ms, t.attempt_id, t.purpose, t.nonce, t.code_verifier, t.browser_binding_hash,
    t.initiated_by_user_id, t.return_to,
    (extract(epoch from t.expires_at) * 1000)::float8 as expires_ms, (extract(epoch from t.created_at) * 1000)::float8 as started_ms,
    c.id as connection_id, c.organization_id, c.label, c.enabled, ${sql.raw(sealedSettingsSql("c"))}
  from rl left join (consumed t join sso_connections c on c.id = t.connection_id) on true`,
);

const callbackLimitKey = (ip: string) => `sso_callback:ip:${ip}`;

/** Consumes the flow `state` names; throws `rate_limited` past the per-address callback limit. */
export async function consumeTransaction(deps: AppDeps, state: string, ip: string) {
  const { config } = deps;
  const now = deps.now();
  const [row] = await consumeStatement(deps.db).execute({
    ...rateLimitParams(callbackLimitKey(ip), config.rateLimits.windowMs, now),
    max: config.rateLimits.callbackPerIp,
    state_hash: sha256(state),
  });
  if (!row) throw new Error("consume returned no rate-limit row");
  throwIfLimited(toRateLimitResult(row), config.rateLimits.callbackPerIp, now);
  if (row.attempt_id === null) return null;
  return {
    attemptId: row.attempt_id,
    purpose: row.purpose,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    browserBindingHash: row.browser_binding_hash,
    initiatedByUserId: row.initiated_by_user_id,
    returnTo: row.return_to,
    expiresAt: new Date(row.expires_ms),
    startedAt: new Date(row.started_ms),
    connection: { ...sealedRowOf(row.connection_id, row), organizationId: row.organization_id, label: row.label, enabled: row.enabled },
  };
}

export type ConsumedTransaction = NonNullable<Awaited<ReturnType<typeof consumeTransaction>>>;

/**
 * A malformed callback is refused before any flow is looked up, but still counts against the
 * address's limit (a flood of them is still a flood). As the route-level limiter did, a database
 * error here is not an outage page: the refusal needs no database.
 */
export async function countRefusedCallback(deps: AppDeps, ip: string): Promise<void> {
  const now = deps.now();
  const result = await hitRateLimit(deps.db, callbackLimitKey(ip), deps.config.rateLimits.windowMs, now).catch(() => null);
  if (result) throwIfLimited(result, deps.config.rateLimits.callbackPerIp, now);
}
