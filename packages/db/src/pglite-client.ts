import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzleConfig, migrationsFolder, withQueryHook, type CommonOptions, type Database, type DatabaseHandle } from "./client";
import { lockDataDir } from "./pglite-lock";

/** Loaded by `createDatabase` with a dynamic import, only when no DATABASE_URL is configured. */
export function createPglite({ dataDir, onQuery }: CommonOptions & { dataDir: string }): DatabaseHandle {
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // Taken before PGlite touches the folder, so a refused second process changes nothing in it.
  const release = inMemory ? () => undefined : lockDataDir(dataDir);
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
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}
