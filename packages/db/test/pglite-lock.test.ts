/** Issue 8.4: one process per embedded database folder (the lock is per folder, not per process object). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDatabase, DataDirLockedError, type DatabaseHandle } from "../src/client";

describe("PGlite data folder lock", () => {
  const opened: DatabaseHandle[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const handle of opened.splice(0)) await handle.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a second opener of the same folder, and admits the next one once the first closed", { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "jams-lock-"));
    dirs.push(dir);
    const dataDir = join(dir, "pglite");
    const first = await createDatabase({ driver: "pglite", dataDir });
    opened.push(first);
    await first.ping();

    let refusal: unknown;
    try {
      opened.push(await createDatabase({ driver: "pglite", dataDir }));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    expect((refusal as DataDirLockedError).code).toBe("data_dir_locked");

    await first.close();
    const next = await createDatabase({ driver: "pglite", dataDir });
    opened.push(next);
    await next.ping();
  });

  it("never locks in-memory databases", { timeout: 180_000 }, async () => {
    const a = await createDatabase({ driver: "pglite", dataDir: "memory://" });
    const b = await createDatabase({ driver: "pglite", dataDir: "memory://" });
    opened.push(a, b);
    await Promise.all([a.ping(), b.ping()]);
  });
});
