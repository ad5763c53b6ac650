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
 * The database, except that the first run of the prepared statement `name` (definePrepared)
 * first runs `interleave`: another request committing just before a one-statement write.
 */
export function interleaveBeforePrepared(db: Database, name: string, interleave: () => Promise<unknown>): { db: Database; fired: () => boolean } {
  let fired = false;
  const session = new Proxy(db._.session, {
    get(target, property, receiver) {
      if (property !== "prepareQuery") return Reflect.get(target, property, receiver) as unknown;
      return (...args: Parameters<Database["_"]["session"]["prepareQuery"]>) => {
        const prepared = target.prepareQuery(...args);
        if (args[2] !== name) return prepared;
        return new Proxy(prepared, {
          get(query, key, queryReceiver) {
            if (key !== "execute") return Reflect.get(query, key, queryReceiver) as unknown;
            return async (values?: Record<string, unknown>) => {
              if (!fired) {
                fired = true;
                await interleave();
              }
              return query.execute(values);
            };
          },
        });
      };
    },
  });
  const proxy = new Proxy(db, {
    get(target, property, receiver) {
      if (property !== "_") return Reflect.get(target, property, receiver) as unknown;
      return { ...target._, session };
    },
  });
  return { db: proxy, fired: () => fired };
}
