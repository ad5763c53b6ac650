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

export interface DatabaseFixture {
  readonly database: DatabaseHandle;
  readonly db: Database;
}

export interface DepsFixture extends DatabaseFixture {
  /** Domain dependencies for createCaller tests (no server, no IdP). */
  readonly deps: AppDeps;
}

export interface HarnessFixture extends DatabaseFixture {
  readonly harness: Harness;
  /** A fresh organisation with a password admin and a connection to the dev IdP, saved through sso.create. */
  orgWithConnection(overrides?: ConnectionOverrides): Promise<Awaited<ReturnType<typeof makeOrgWithAdmin>> & { connection: Awaited<ReturnType<typeof connectOrgToIdp>> }>;
}

function ready<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is read before beforeAll ran (read the fixture inside a test or hook)`);
  return value;
}

/** The driver's fresh database, opened before the suite and closed after it. */
export function withDatabase(driver: TestDriver): DatabaseFixture {
  let database: DatabaseHandle | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(driver, inject("databaseUrl") || undefined);
  });
  afterAll(async () => {
    await database?.close();
  });
  return {
    get database() {
      return ready(database, "database");
    },
    get db() {
      return ready(database, "database").db;
    },
  };
}

/** A fresh database plus the domain dependencies built on it (createCaller tests). */
export function withDeps(driver: TestDriver): DepsFixture {
  const base = withDatabase(driver);
  let deps: AppDeps | undefined;
  beforeAll(() => {
    deps = testDeps(base.database);
  });
  return {
    get database() {
      return base.database;
    },
    get db() {
      return base.db;
    },
    get deps() {
      return ready(deps, "deps");
    },
  };
}

/** A fresh database, the API on a real port and the in-process dev IdP (sso-harness.ts). */
export function withHarness(driver: TestDriver, options: HarnessOptions = {}): HarnessFixture {
  const base = withDatabase(driver);
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(base.database, options);
  });
  // Registered after the database's afterAll, so it runs first (vitest runs afterAll hooks in reverse).
  afterAll(async () => {
    await harness?.close();
  });
  const fixture: HarnessFixture = {
    get database() {
      return base.database;
    },
    get db() {
      return base.db;
    },
    get harness() {
      return ready(harness, "harness");
    },
    async orgWithConnection(overrides = {}) {
      const created = await makeOrgWithAdmin(fixture.db);
      const connection = await connectOrgToIdp(fixture.harness, created.admin, overrides);
      return { ...created, connection };
    },
  };
  return fixture;
}
