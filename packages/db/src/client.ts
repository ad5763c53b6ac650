import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The one query surface the product codes against; both drivers satisfy it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

interface CommonOptions {
  /** Called for every statement the query builder sends; benchmarks count round trips with it. */
  onQuery?: (query: string) => void;
}

export type DatabaseOptions =
  | (CommonOptions & { driver: "postgres"; url: string; maxConnections?: number; statementTimeoutMs?: number })
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
const drizzleConfig = { schema, casing: "snake_case" } as const;

function withQueryHook(onQuery: CommonOptions["onQuery"]) {
  return onQuery ? { ...drizzleConfig, logger: { logQuery: (query: string) => onQuery(query) } } : drizzleConfig;
}
// Any constant works; it only has to be the same for every instance of the API.
const MIGRATION_LOCK_ID = 7_241_001;

export function createDatabase(options: DatabaseOptions): DatabaseHandle {
  return options.driver === "postgres" ? createPostgres(options) : createPglite(options);
}

function createPostgres(
  options: CommonOptions & { url: string; maxConnections?: number; statementTimeoutMs?: number },
): DatabaseHandle {
  const client = postgres(options.url, {
    max: options.maxConnections ?? 10,
    onnotice: () => undefined,
    // Bounded waits: a stuck server must surface as an error, not as requests piling up forever.
    connect_timeout: 10,
    connection: { statement_timeout: options.statementTimeoutMs ?? 15_000 },
  });
  const db: Database = drizzlePostgres({ client, ...withQueryHook(options.onQuery) });
  return {
    db,
    driver: "postgres",
    async migrate() {
      // A dedicated single connection holds the advisory lock, so instances starting together
      // apply each migration exactly once.
      const lockClient = postgres(options.url, { max: 1, onnotice: () => undefined });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migratePostgres(drizzlePostgres({ client: lockClient, ...drizzleConfig }), { migrationsFolder });
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      } finally {
        await lockClient.end({ timeout: 5 });
      }
    },
    async ping() {
      await client`select 1`;
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

function createPglite({ dataDir, onQuery }: CommonOptions & { dataDir: string }): DatabaseHandle {
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  const db: Database = drizzlePglite({ client, ...withQueryHook(onQuery) });
  let closed = false;
  return {
    db,
    driver: "pglite",
    async migrate() {
      await migratePglite(drizzlePglite({ client, ...drizzleConfig }), { migrationsFolder });
    },
    async ping() {
      await client.query("select 1");
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}
