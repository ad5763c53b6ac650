import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { boundWaits } from "./bounded-postgres";
import {
  type CommonOptions,
  DEFAULT_POSTGRES_LIMITS,
  type Database,
  type DatabaseHandle,
  type DatabaseOptions,
  drizzleConfig,
  migrationsFolder,
  type PostgresLimits,
  withQueryHook,
} from "./driver-shared";

export { DatabaseUnavailableError, isDatabaseUnavailable } from "./bounded-postgres";
export { DataDirLockedError } from "./pglite-lock";
export { DEFAULT_POSTGRES_LIMITS, drizzleConfig, migrationsFolder } from "./driver-shared";
export type { CommonOptions, Database, DatabaseHandle, DatabaseOptions, PostgresLimits, Schema, Transaction } from "./driver-shared";


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
