/**
 * The one suite setup for database-backed API tests: call it inside `describe.each(testDrivers(…))`
 * and it registers beforeAll/afterAll that create a fresh database for the driver (PGlite in
 * memory, or a new PostgreSQL database dropped again), start what the suite needs, and tear it
 * all down. The returned fixture is read inside tests, after beforeAll has run.
 */
import type { Database, DatabaseHandle } from "@jams/db/client";
import { createTestDatabase, type TestDriver } from "@jams/db/testing";
import { afterAll, beforeAll, inject } from "vitest";
import type { AppDeps } from "../../src/domain/deps";
import { testDeps } from "./callers";
import { makeOrgWithAdmin } from "./factories";
import { connectOrgToIdp, startHarness, type Harness } from "./sso-harness";

type HarnessOptions = NonNullable<Parameters<typeof startHarness>[1]>;
type ConnectionOverrides = NonNullable<Parameters<typeof connectOrgToIdp>[2]>;

function ready<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is read before beforeAll ran (read the fixture inside a test or hook)`);
  return value;
}

/** The driver's fresh database, opened before the suite and closed after it. */
class DatabaseSuite {
  #database: DatabaseHandle | undefined;
  constructor(driver: TestDriver) {
    beforeAll(async () => {
      this.#database = await createTestDatabase(driver, inject("databaseUrl") || undefined);
    });
    afterAll(async () => {
      await this.#database?.close();
    });
  }
  get database(): DatabaseHandle {
    return ready(this.#database, "database");
  }
  get db(): Database {
    return this.database.db;
  }
}

/** Plus the domain dependencies built on that database, for createCaller tests (no server, no IdP). */
class DepsSuite extends DatabaseSuite {
  #deps: AppDeps | undefined;
  constructor(driver: TestDriver) {
    super(driver);
    beforeAll(() => {
      this.#deps = testDeps(this.database);
    });
  }
  get deps(): AppDeps {
    return ready(this.#deps, "deps");
  }
}

/** Plus the API on a real port and the in-process dev IdP (sso-harness.ts). */
class HarnessSuite extends DatabaseSuite {
  #harness: Harness | undefined;
  constructor(driver: TestDriver, options: HarnessOptions) {
    super(driver);
    beforeAll(async () => {
      this.#harness = await startHarness(this.database, options);
    });
    // Registered after the database's afterAll, so it runs first (vitest runs afterAll hooks as a stack).
    afterAll(async () => {
      await this.#harness?.close();
    });
  }
  get harness(): Harness {
    return ready(this.#harness, "harness");
  }
  /** A fresh organisation with a password admin and a connection to the dev IdP, saved through sso.create. */
  async orgWithConnection(overrides: ConnectionOverrides = {}) {
    const created = await makeOrgWithAdmin(this.db);
    const connection = await connectOrgToIdp(this.harness, created.admin, overrides);
    return { ...created, connection };
  }
}

export const withDatabase = (driver: TestDriver) => new DatabaseSuite(driver);
export const withDeps = (driver: TestDriver) => new DepsSuite(driver);
export const withHarness = (driver: TestDriver, options: HarnessOptions = {}) => new HarnessSuite(driver, options);
