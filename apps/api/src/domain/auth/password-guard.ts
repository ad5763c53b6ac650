import { setTimeout as sleep } from "node:timers/promises";
import type { RequestContext } from "../context";
import { clearRateLimits, enforceRateLimit, hitRateLimits, peekRateLimits, rateLimited } from "../shared/rate-limit";

/**
 * Password guessing limits that a stranger cannot turn against the account's owner:
 *  - every attempt counts against the client address (bounds argon2 CPU);
 *  - wrong passwords count per (email, address) and per address: past either limit that
 *    address is refused, so guessing from one place stops;
 *  - wrong passwords for an email from ALL addresses only slow further attempts down (doubling
 *    delay, capped), so a spray cannot lock the owner out of their right password elsewhere;
 *  - a successful sign-in clears the email's counts (not the address's: one's own account
 *    must not reset the budget for guessing someone else's).
 */
const keysFor = (ctx: RequestContext, email: string) => ({
  emailIp: `password_failures:email_ip:${email}:${ctx.meta.ip}`,
  ip: `password_failures:ip:${ctx.meta.ip}`,
  email: `password_failures:email:${email}`,
});

const BASE_DELAY_MS = 250;

export function slowdownMs(failuresForEmail: number, ceiling: number, maxMs: number): number {
  if (failuresForEmail < ceiling) return 0;
  const doublings = Math.min(failuresForEmail - ceiling, 16);
  return Math.min(maxMs, BASE_DELAY_MS * 2 ** doublings);
}

/** Before the password is checked: refuses or slows down. */
export async function guardPasswordAttempt(ctx: RequestContext, email: string): Promise<void> {
  const { db, config, now } = ctx.deps;
  const limits = config.rateLimits;
  const at = now();
  await enforceRateLimit(db, { key: `password:ip:${ctx.meta.ip}`, max: limits.passwordPerIp, windowMs: limits.windowMs, now: at });
  const keys = keysFor(ctx, email);
  const [emailIp, ip, perEmail] = await peekRateLimits(db, [keys.emailIp, keys.ip, keys.email], at);
  if (emailIp && emailIp.count >= limits.passwordFailuresPerEmailIp) throw rateLimited(emailIp.resetAt, at);
  if (ip && ip.count >= limits.passwordFailuresPerIp) throw rateLimited(ip.resetAt, at);
  const delay = slowdownMs(perEmail?.count ?? 0, limits.passwordFailuresPerEmail, limits.passwordSlowdownMaxMs);
  if (delay > 0) await sleep(delay);
}

export async function recordPasswordFailure(ctx: RequestContext, email: string): Promise<void> {
  const keys = keysFor(ctx, email);
  const limits = ctx.deps.config.rateLimits;
  await hitRateLimits(ctx.deps.db, [keys.emailIp, keys.ip, keys.email], limits.passwordFailureWindowMs, ctx.deps.now());
}

export async function clearPasswordFailures(ctx: RequestContext, email: string): Promise<void> {
  const keys = keysFor(ctx, email);
  await clearRateLimits(ctx.deps.db, [keys.emailIp, keys.email]);
}
