import { PgDialect } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import type { Database, Transaction } from "./client";

// Only turns an `sql` template into text + parameter slots; the statements below name their
// columns in snake_case themselves, as the tables are created.
const dialect = new PgDialect({ casing: "snake_case" });

/** A statement whose SQL text was built once; `execute` only fills its placeholders. */
export interface PreparedStatement<Row> {
  execute(values: Record<string, unknown>): Promise<Row[]>;
}

// postgres.js answers with the rows (an array), PGlite with `{ rows }`.
const rowsOf = <Row>(result: unknown): Row[] => (Array.isArray(result) ? (result as Row[]) : (result as { rows: Row[] }).rows);

/**
 * For hot paths: the SQL is rendered from `build()` on first use per database (a `WeakMap`, so
 * a closed test database is not kept alive) and sent as a named prepared statement on
 * postgres.js (parsed and planned once per connection) and as a parameterised query on PGlite.
 * Use `sql.placeholder("name")` for every value. Rows come back as the driver returns them
 * (column aliases as written, timestamps as text): select numbers and text, cast in SQL.
 */
export function definePrepared<Row>(name: string, build: () => SQL): (db: Database) => PreparedStatement<Row> {
  const perDatabase = new WeakMap<Database, PreparedStatement<Row>>();
  let query: ReturnType<PgDialect["sqlToQuery"]> | null = null;
  return (db) => {
    const existing = perDatabase.get(db);
    if (existing) return existing;
    query ??= dialect.sqlToQuery(build());
    const prepared = db._.session.prepareQuery(query, undefined, name, false);
    const statement: PreparedStatement<Row> = {
      async execute(values) {
        return rowsOf<Row>(await prepared.execute(values));
      },
    };
    perDatabase.set(db, statement);
    return statement;
  };
}

/**
 * Runs an `sql` template written with placeholders (the same fragments the prepared statements
 * are built from) once, on a database or inside a transaction: for paths that are not hot
 * enough to keep a statement, or whose text depends on the caller.
 */
export async function executeOnce<Row>(db: Database | Transaction, query: SQL, values: Record<string, unknown>): Promise<Row[]> {
  return rowsOf<Row>(await db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, undefined, false).execute(values));
}
