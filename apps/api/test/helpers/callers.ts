import type { DatabaseHandle } from "@jams/db/client";
import { executeOnce } from "@jams/db/prepared";
import { sql } from "drizzle-orm";
import { pino } from "pino";
import { createAppDeps } from "../../src/app";
import type { AppConfig } from "../../src/config";
import type { CookieJar, SignInMethod } from "../../src/domain/context";
import type { AppDeps } from "../../src/domain/deps";
import { sessionInsert, signInValues } from "../../src/domain/sessions/sign-in";
import { resolveSessionToken } from "../../src/domain/sessions/resolve-session";
import { sessionCookieName } from "../../src/domain/sessions/cookie-names";
import { createAppCaller } from "../../src/trpc/app-router";
import { createInnerContext } from "../../src/trpc/context";
import { testConfig } from "./config";

export class MemoryCookieJar implements CookieJar {
  readonly values = new Map<string, string>();
  get(name: string) {
    return this.values.get(name);
  }
  set(name: string, value: string) {
    this.values.set(name, value);
  }
  clear(name: string) {
    this.values.delete(name);
  }
}

export function testDeps(database: DatabaseHandle, config: AppConfig = testConfig()): AppDeps {
  return createAppDeps(config, database.db, { logger: pino({ level: "silent" }) });
}

let ipCounter = 0;
/** Each caller gets its own IP so per-IP rate limits never couple unrelated tests. */
export function uniqueIp(): string {
  ipCounter += 1;
  return `10.0.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

/** A caller as an anonymous browser, optionally carrying a session cookie. */
export async function anonymousCaller(deps: AppDeps, cookies = new MemoryCookieJar(), ip = uniqueIp()) {
  const token = cookies.get(sessionCookieName(deps.config));
  const session = token ? await resolveSessionToken(deps, token) : null;
  const ctx = createInnerContext({ deps, session, meta: { ip, userAgent: "vitest" }, cookies });
  return { caller: createAppCaller(ctx), cookies };
}

export interface NewSession {
  userId: string;
  organizationId: string;
  method: SignInMethod;
  connectionId?: string | null;
}

/**
 * A session row and its cookie without a sign-in around it (no cookie revoked, no audit event,
 * the user row untouched): the sign-in statement's own session insert, for tests that only need
 * to be signed in.
 */
export async function insertSession(deps: AppDeps, cookies: CookieJar, input: NewSession): Promise<{ sessionId: string }> {
  const session = signInValues(deps, {
    method: input.method,
    connectionId: input.connectionId ?? null,
    cookies,
    ip: "",
    now: deps.now(),
    auditAction: "auth.sign_in",
  });
  const query = sql`with sign_in_user as (
    select ${sql.placeholder("user_id")}::uuid as user_id, ${sql.placeholder("organization_id")}::uuid as organization_id
  ) ${sessionInsert()}`;
  await executeOnce(deps.db, query, { ...session.values, user_id: input.userId, organization_id: input.organizationId });
  session.setCookie();
  return { sessionId: session.sessionId };
}

/** A caller signed in as `userId` through `method` (sessions made directly, as the sign-in paths would). */
export async function signedInCaller(
  deps: AppDeps,
  user: { id: string; organizationId: string },
  method: SignInMethod = "password",
  connectionId: string | null = null,
) {
  const cookies = new MemoryCookieJar();
  const { sessionId } = await insertSession(deps, cookies, {
    userId: user.id,
    organizationId: user.organizationId,
    method,
    connectionId,
  });
  const { caller } = await anonymousCaller(deps, cookies);
  return { caller, cookies, sessionId };
}
