import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import type { Database } from "@jams/db/client";
import { hitRateLimit } from "../domain/shared/rate-limit";

/**
 * @fastify/rate-limit store backed by the shared `rate_limit_buckets` table, so a limit holds
 * across every API instance behind the load balancer (the in-memory default would multiply it).
 */
export function postgresRateLimitStore(db: Database, now: () => Date): FastifyRateLimitStoreCtor {
  class PostgresRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly prefix = "http",
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const at = now();
      hitRateLimit(db, `${this.prefix}:${key}`, timeWindow, at).then(
        ({ count, resetAt }) => callback(null, { current: count, ttl: Math.max(0, resetAt.getTime() - at.getTime()) }),
        (error: unknown) => callback(error instanceof Error ? error : new Error("rate limit store failed")),
      );
    }

    child(routeOptions: { path: string; prefix: string }): FastifyRateLimitStore {
      return new PostgresRateLimitStore(undefined, `http:${routeOptions.prefix}${routeOptions.path}`);
    }
  }
  return PostgresRateLimitStore;
}
