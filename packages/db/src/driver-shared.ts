import { fileURLToPath } from "node:url";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

/** What both drivers' factories share (kept apart from client.ts, which loads PGlite lazily). */

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

export type Schema = typeof schema;
/** The one query surface the product codes against; both drivers satisfy it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface CommonOptions {
  /** Called for every statement the query builder sends; benchmarks count round trips with it. */
  onQuery?: (query: string) => void;
}

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
