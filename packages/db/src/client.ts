import { fileURLToPath } from "node:url";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { boundWaits } from "./bounded-postgres";
import * as schema from "./schema";

export { DatabaseUnavailableError, isDatabaseUnavailable } from "./bounded-postgres";
export { DataDirLockedError } from "./pglite-lock";

export type Schema = typeof schema;
/** The one query surface the product codes against; both drivers satisfy it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface CommonOptions {
  /** Called for every statement the query builder sends; benchmarks count round trips with it. */
  onQuery?: (query: string) => void;
}

/**
 * Every wait on the server is bounded (see bounded-postgres.ts); defaults suit the sign-in path:
 * while the database is away a request fails with a 503 in about `acquireTimeoutMs`, not when
 * the outage ends.
 */
export interface PostgresLimits {
  /** TCP connect + startup handshake. */
  connectTimeoutMs: number;
  /** Waiting for a pooled connection (includes connecting while the server is unreachable). */
  acquireTimeoutMs: number;
  /** Callers waiting for a connection at once; more fail at once. */
  maxQueued: number;
  /** Server-side `statement_timeout`. */
  statementTimeoutMs: number;
  /** Client-side: a sent statement with no answer after this long (a frozen server) is given up on. */
  queryDeadlineMs: number;
  /** /readyz's own connection: the whole check answers within this. */
  pingTimeoutMs: number;
  /** Reconnection delay after failures; postgres.js' default grows to 20 s, far past the outage. */
  maxReconnectDelayMs: number;
}

export const DEFAULT_POSTGRES_LIMITS: PostgresLimits = {
  connectTimeoutMs: 2_000,
  acquireTimeoutMs: 2_000,
  maxQueued: 200,
  statementTimeoutMs: 5_000,
  queryDeadlineMs: 6_000,
  pingTimeoutMs: 800,
  maxReconnectDelayMs: 250,
};

export type DatabaseOptions =
  | (CommonOptions & { driver: "postgres"; url: string; maxConnections?: number; limits?: Partial<PostgresLimits> })
  /** `dataDir` is a folder (created on first start) or "memory://" for a throwaway database. */
  | (CommonOptions & { driver: "pglite"; dataDir: string });

export interface DatabaseHandle {
  readonly db: Database;
  readonly driver: DatabaseOptions["driver"];
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));
export const drizzleConfig = { schema, casing: "snake_case" } as const;

export function withQueryHook(onQuery: CommonOptions["onQuery"]) {
  return onQuery ? { ...drizzleConfig, logger: { logQuery: (query: string) => onQuery(query) } } : drizzleConfig;
}
// Any constant works; it only has to be the same for every instance of the API.
const MIGRATION_LOCK_ID = 7_241_001;

/**
 * Async because PGlite (a WebAssembly PostgreSQL, ~17 MB of resident memory once loaded) is
 * imported only when it is used: a server on `DATABASE_URL` never loads it.
 */
export async function createDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.driver === "postgres") return createPostgres(options);
  const { createPglite } = await import("./pglite-client");
  return createPglite(options);
}

function createPostgres(options: CommonOptions & { url: string; maxConnections?: number; limits?: Partial<PostgresLimits> }): DatabaseHandle {
  const limits = { ...DEFAULT_POSTGRES_LIMITS, ...options.limits };
  const connectionOptions = {
    onnotice: () => undefined,
    connect_timeout: limits.connectTimeoutMs / 1000,
    backoff: (retries: number) => Math.min(0.05 * retries, limits.maxReconnectDelayMs / 1000),
    connection: { statement_timeout: limits.statementTimeoutMs, idle_in_transaction_session_timeout: limits.queryDeadlineMs * 2 },
  };
  const client = postgres(options.url, { max: options.maxConnections ?? 10, ...connectionOptions });
  const bounded = boundWaits(client, limits);
  const db: Database = drizzlePostgres({ client: bounded, ...withQueryHook(options.onQuery) });
  // /readyz never queues behind the pool: its own single connection, replaced whenever a check
  // times out (a frozen or half-open connection would otherwise fail every later check too).
  let pingClient: postgres.Sql | null = null;
  const ping = async () => {
    const current = (pingClient ??= postgres(options.url, { ...connectionOptions, max: 1, connect_timeout: limits.pingTimeoutMs / 1000, backoff: () => 0 }));
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        current`select 1`,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${limits.pingTimeoutMs} ms`)), limits.pingTimeoutMs);
        }),
      ]);
    } catch (error) {
      if (pingClient === current) pingClient = null;
      void current.end({ timeout: 0 });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    db,
    driver: "postgres",
    async migrate() {
      // A dedicated single connection holds the advisory lock, so instances starting together
      // apply each migration exactly once.
      const lockClient = postgres(options.url, { max: 1, onnotice: () => undefined, connect_timeout: limits.connectTimeoutMs / 1000 });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migratePostgres(drizzlePostgres({ client: lockClient, ...drizzleConfig }), { migrationsFolder });
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      } finally {
        await lockClient.end({ timeout: 5 });
      }
    },
    ping,
    async close() {
      await Promise.all([client.end({ timeout: 5 }), pingClient?.end({ timeout: 0 })]);
    },
  };
}
