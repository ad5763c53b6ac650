import type { Database } from "@jams/db/client";

/**
 * The database, except that every `transaction(...)` first runs `interleave` on the real one: a
 * deterministic stand-in for another request committing between a check and the write it guards.
 */
export function interleaveBeforeTransaction(db: Database, interleave: () => Promise<unknown>): Database {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== "transaction") return Reflect.get(target, property, receiver) as unknown;
      return async (run: Parameters<Database["transaction"]>[0]) => {
        await interleave();
        return target.transaction(run);
      };
    },
  });
}

/**
 * The database, except that the first `insert(...).values(...).onConflictDoNothing().returning(...)`
 * (the SSO callback binding the IdP subject) first runs `interleave`.
 */
export function interleaveBeforeFirstBinding(db: Database, interleave: () => Promise<unknown>): { db: Database; fired: () => boolean } {
  let fired = false;
  const proxy = new Proxy(db, {
    get(target, property, receiver) {
      if (property !== "insert" || fired) return Reflect.get(target, property, receiver) as unknown;
      return (table: Parameters<Database["insert"]>[0]) => ({
        values: (row: never) => ({
          onConflictDoNothing: () => ({
            returning: async (columns: never) => {
              fired = true;
              await interleave();
              return target.insert(table).values(row).onConflictDoNothing().returning(columns);
            },
          }),
        }),
      });
    },
  });
  return { db: proxy, fired: () => fired };
}
