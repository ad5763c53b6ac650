/**
 * Replays what Okta and Microsoft Entra ID send (test/fixtures/scim/*.json) against a real
 * server, with the lifecycle checks between steps: the provisioned user signs in through SSO
 * without an invitation, deactivation ends their live session, reactivation lets them back in.
 */
import { readFileSync } from "node:fs";
import { and, eq, isNull } from "drizzle-orm";
import { invitations, sessions, users } from "@jams/db/schema";
import { testDrivers } from "@jams/db/testing";
import { describe, expect, inject, it } from "vitest";
import type { TestBrowser } from "./helpers/browser";
import { unique } from "./helpers/factories";
import { provisioningToken, scimRequest } from "./helpers/scim";
import { deliverCallback, signedInCaller, signInAtIdp } from "./helpers/sso-harness";
import { withHarness } from "./helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const IDP_PASSWORD = "idp password 1";

interface Step {
  name: string;
  request?: { method: string; path: string; body?: unknown };
  expect?: { status: number; body?: unknown };
  save?: Record<string, string>;
  absent?: string[];
  hook?: string;
}
interface Fixture {
  idp: string;
  steps: Step[];
}

const fixture = (name: string): Fixture => JSON.parse(readFileSync(new URL(`./fixtures/scim/${name}.json`, import.meta.url), "utf8")) as Fixture;

function substitute<T>(value: T, vars: Record<string, string>): T {
  return JSON.parse(JSON.stringify(value).replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    const replacement = vars[key];
    if (replacement === undefined) throw new Error(`fixture variable ${key} is not set`);
    return JSON.stringify(replacement).slice(1, -1);
  })) as T;
}

function at(value: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((current, key) => (current as Record<string, unknown> | undefined)?.[key], value);
}

describe.each(testDrivers(databaseUrl))("SCIM replay of IdP request sequences on %s", (driver) => {
  const stack = withHarness(driver);

  it.each(["okta", "entra"])("%s: the whole lifecycle over HTTP", async (name) => {
    const { steps, idp } = fixture(name);
    const { admin, connection } = await stack.orgWithConnection({ label: idp });
    const token = await provisioningToken(stack.harness, admin, idp);
    const suffix = unique();
    const adminGroup = `JAMS Admins ${suffix}`;
    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    await caller.provisioning.setRoleMappings({ mappings: [{ groupName: adminGroup, role: "admin" }] });

    const vars: Record<string, string> = {
      suffix,
      email: `ada-${suffix}@example.com`,
      newEmail: `ada.new-${suffix}@example.com`,
      externalId: `0a21f0f2-8d2a-4f8e-bf98-${suffix}AbCd`,
      externalIdUpper: `0a21f0f2-8d2a-4f8e-bf98-${suffix}AbCd`.toUpperCase(),
      adminGroup,
    };
    const idpUser = stack.harness.idp.addUser({ sub: `sub-${suffix}`, email: vars.email ?? "", name: "Ada", password: IDP_PASSWORD });
    let live: TestBrowser | null = null;

    const signIn = async (email: string) => {
      const browser = stack.harness.browser();
      const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId: connection.id, email, password: IDP_PASSWORD });
      return { browser, location: (await deliverCallback(browser, callbackUrl)).location };
    };
    const userRow = async () =>
      (await stack.db.select().from(users).where(eq(users.id, vars.userId ?? "")))[0];

    const hooks: Record<string, () => Promise<void>> = {
      userIsActiveWithoutInvitation: async () => {
        expect(await userRow()).toMatchObject({ status: "active", passwordHash: null, scimManaged: true, role: "member" });
        expect(await stack.db.select().from(invitations).where(eq(invitations.userId, vars.userId ?? ""))).toEqual([]);
      },
      signIn: async () => {
        const result = await signIn(vars.email ?? "");
        expect(result.location).toBe("/dashboard");
        live = result.browser;
        expect((await live.query<{ user: { id: string } } | null>("auth.me")).data?.user.id).toBe(vars.userId);
      },
      signInWithNewEmail: async () => {
        // The IdP account (same sub) now carries the new address: the binding follows the account.
        idpUser.email = vars.newEmail ?? "";
        const result = await signIn(vars.newEmail ?? "");
        expect(result.location).toBe("/dashboard");
        live = result.browser;
        expect((await live.query<{ user: { id: string; email: string } } | null>("auth.me")).data?.user).toMatchObject({ id: vars.userId, email: vars.newEmail });
      },
      sessionAlive: async () => {
        expect((await live?.query<{ user: { id: string } } | null>("auth.me"))?.data?.user.id).toBe(vars.userId);
      },
      sessionGone: async () => {
        expect((await live?.query<unknown>("auth.me"))?.data).toBeNull();
        const open = await stack.db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.userId, vars.userId ?? ""), isNull(sessions.revokedAt)));
        expect(open).toEqual([]);
      },
      signInRefused: async () => {
        expect((await signIn(vars.email ?? "")).location).toBe("/login?error=user_disabled");
      },
      roleIsAdmin: async () => expect((await userRow())?.role).toBe("admin"),
      roleIsMember: async () => expect((await userRow())?.role).toBe("member"),
      userGone: async () => {
        expect(await userRow()).toBeUndefined();
        expect((await live?.query<unknown>("auth.me"))?.data).toBeNull();
      },
    };

    for (const raw of steps) {
      const step = substitute(raw, vars);
      if (step.request) {
        const res = await scimRequest(stack.harness, token, step.request.method, step.request.path, step.request.body);
        expect({ step: step.name, status: res.status }).toEqual({ step: step.name, status: step.expect?.status });
        if (res.status !== 204) expect(res.headers.get("content-type"), step.name).toMatch(/^application\/scim\+json/);
        if (step.expect?.body !== undefined) expect(res.body, step.name).toMatchObject(step.expect.body as object);
        for (const path of step.absent ?? []) expect(at(res.body, path), `${step.name}: ${path}`).toBeUndefined();
        for (const [variable, path] of Object.entries(step.save ?? {})) vars[variable] = String(at(res.body, path));
      }
      if (step.hook) {
        const hook = hooks[step.hook];
        if (!hook) throw new Error(`unknown hook ${step.hook}`);
        await hook();
      }
    }
  });
});
