/**
 * Bounded waits in front of postgres.js, which has none of its own: a query that finds no free
 * connection waits in the pool's queue for as long as the server is away (a connection that
 * cannot connect keeps its first query and retries forever), and a query sent to a frozen server
 * waits for TCP to give up (minutes). Every wait here ends in a DatabaseUnavailableError instead:
 *  - acquire: a statement not handed to a connection within `acquireTimeoutMs` is taken out of
 *    the queue (postgres.js `cancel()` on an unsent query removes it, so it never runs later);
 *  - queue: at most `maxQueued` callers wait at once, the next one fails at once;
 *  - deadline: a statement that was sent but has no answer `queryDeadlineMs` after it was asked
 *    for is given up on by the caller. The server may still run it (its outcome is unknown, as
 *    with any cut connection); the server-side `statement_timeout` bounds it there.
 * Transactions get the same treatment: the acquire timeout until their callback starts, a
 * deadline per statement inside, and one for the COMMIT.
 */
import type { Sql, TransactionSql } from "postgres";

export type UnavailableReason = "acquire_timeout" | "queue_full" | "query_deadline";

export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
  readonly code = "database_unavailable";
  constructor(readonly reason: UnavailableReason) {
    super(`database unavailable: ${reason}`);
  }
}

export interface WaitLimits {
  acquireTimeoutMs: number;
  queryDeadlineMs: number;
  maxQueued: number;
}

// The internals of postgres.js' Query this module relies on (src/query.js): `state` stays null
// until a connection has written the statement, `resolve`/`reject` settle the caller's promise.
interface PendingQuery {
  state: unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  cancel(): unknown;
}

type AnySql = Sql<Record<string, unknown>>;
type AnyTx = TransactionSql<Record<string, unknown>>;

export function boundWaits(sql: AnySql, limits: WaitLimits): AnySql {
  let waiting = 0;

  function admit(): void {
    if (waiting >= limits.maxQueued) throw new DatabaseUnavailableError("queue_full");
  }

  /** Guards one statement. `pooled`: it still has to find a connection (not inside a transaction). */
  function guard<T extends object>(query: T, pooled: boolean): T {
    const q = query as unknown as PendingQuery;
    const askedAt = performance.now();
    const { resolve, reject } = q;
    let counted = pooled;
    if (counted) waiting++;
    const uncount = () => {
      if (counted) waiting--;
      counted = false;
    };
    let timer: NodeJS.Timeout | undefined;
    const settle = () => {
      clearTimeout(timer);
      uncount();
    };
    q.resolve = (value) => {
      settle();
      resolve(value);
    };
    q.reject = (error) => {
      settle();
      reject(error);
    };
    const checkDeadline = () => {
      q.reject(new DatabaseUnavailableError("query_deadline"));
    };
    const checkAcquired = () => {
      if (q.state === null) {
        q.reject(new DatabaseUnavailableError("acquire_timeout"));
        // Unsent, so cancel only unqueues it: it can never run after its caller gave up.
        void q.cancel();
        return;
      }
      uncount();
      timer = setTimeout(checkDeadline, Math.max(0, askedAt + limits.queryDeadlineMs - performance.now()));
    };
    timer = pooled ? setTimeout(checkAcquired, limits.acquireTimeoutMs) : setTimeout(checkDeadline, limits.queryDeadlineMs);
    return query;
  }

  function boundTransactionSql(tx: AnyTx): AnyTx {
    return new Proxy(tx, {
      get(target, property, receiver) {
        if (property === "unsafe") {
          return (...args: Parameters<AnyTx["unsafe"]>) => guard(target.unsafe(...args), false);
        }
        if (property === "savepoint") {
          return (fn: (inner: AnyTx) => unknown) =>
            (target as unknown as { savepoint(fn: (inner: AnyTx) => unknown): Promise<unknown> }).savepoint((inner) => fn(boundTransactionSql(inner)));
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
  }

  function begin(fn: (tx: AnyTx) => unknown, options?: string): Promise<unknown> {
    admit();
    waiting++;
    return new Promise((resolve, reject) => {
      let phase: "waiting" | "running" | "committing" | "abandoned" | "settled" = "waiting";
      let timer: NodeJS.Timeout | undefined;
      const giveUp = (reason: UnavailableReason) => {
        if (phase === "waiting") waiting--;
        phase = "abandoned";
        reject(new DatabaseUnavailableError(reason));
      };
      timer = setTimeout(() => giveUp("acquire_timeout"), limits.acquireTimeoutMs);
      const body = async (tx: AnyTx) => {
        // Got its connection after the caller gave up: roll back without doing anything.
        if (phase === "abandoned") throw new DatabaseUnavailableError("acquire_timeout");
        clearTimeout(timer);
        waiting--;
        phase = "running";
        const result = await fn(boundTransactionSql(tx));
        phase = "committing";
        // The COMMIT is sent by postgres.js itself, outside the guarded statements.
        timer = setTimeout(() => giveUp("query_deadline"), limits.queryDeadlineMs);
        return result;
      };
      const started = options === undefined ? sql.begin(body) : sql.begin(options, body);
      started.then(
        (value) => {
          clearTimeout(timer);
          if (phase === "abandoned") return;
          phase = "settled";
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (phase === "waiting") waiting--;
          if (phase === "abandoned") return;
          phase = "settled";
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (...args: Parameters<AnySql["unsafe"]>) => {
          admit();
          return guard(target.unsafe(...args), true);
        };
      }
      if (property === "begin") {
        return (a: string | ((tx: AnyTx) => unknown), b?: (tx: AnyTx) => unknown) =>
          typeof a === "function" ? begin(a) : b ? begin(b, a) : Promise.reject(new TypeError("begin needs a callback"));
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

const UNAVAILABLE_ERRNO = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
const UNAVAILABLE_DRIVER_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT", "CONNECTION_ENDED"]);
// SQLSTATE: 08 connection exception, 57P01-57P03 shutdown / cannot connect now, 53300 too many
// connections, 57014 statement timeout (or cancel), 25P03 idle-in-transaction timeout.
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3]$|53300$|57014$|25P03$)/;

/**
 * True when `error` (or anything in its `cause` chain, e.g. Drizzle's DrizzleQueryError) says
 * the database could not be reached or did not answer in time, rather than rejecting a statement.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 8; depth++) {
    if (current instanceof DatabaseUnavailableError) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_DRIVER_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
