/**
 * Issue 8.5 (and issue 9 finding 6): hostile text in otherwise valid inputs must end in a typed
 * 4xx, never a 500. Every procedure of the router is fuzzed from its own input schema against a
 * real database and a real IdP, as an admin (so admin procedures reach their domain code).
 */
import { testDrivers } from "@jams/db/testing";
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { appRouter } from "../src/trpc/app-router";
import { appCodeOf } from "../src/trpc/errors";
import { expectAppCode } from "./helpers/errors";
import { makeOrgWithAdmin, makeUser } from "./helpers/factories";
import { arbitraryForSchema, containsPoison } from "./helpers/input-arbitraries";
import { anonymousCaller, connectOrgToIdp, signedInCaller } from "./helpers/sso-harness";
import { withHarness } from "./helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;

type Procedure = { _def: { inputs: unknown[]; type: string } };
type AnyCaller = Record<string, unknown>;

function procedureAt(caller: AnyCaller, path: string): (input: unknown) => Promise<unknown> {
  let node: unknown = caller;
  for (const part of path.split(".")) node = (node as AnyCaller)[part];
  return node as (input: unknown) => Promise<unknown>;
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>);

describe.each(testDrivers(databaseUrl))("hostile text in every procedure's input on %s", (driver) => {
  const stack = withHarness(driver);
  let admin: { id: string; organizationId: string };
  let memberEmail: string;
  let memberId: string;
  let connectionId: string;

  beforeAll(async () => {
    ({ admin } = await makeOrgWithAdmin(stack.db));
    const member = await makeUser(stack.db, admin.organizationId);
    memberEmail = member.email;
    memberId = member.id;
    connectionId = (await connectOrgToIdp(stack.harness, admin)).id;
  });

  const validText = (field: string): fc.Arbitrary<string> => {
    switch (field) {
      case "email":
        return fc.oneof(fc.constant(memberEmail), fc.emailAddress());
      case "issuer":
        return fc.constant(stack.harness.idp.issuer);
      case "connectionId":
        return fc.constant(connectionId);
      case "userId":
        return fc.oneof(fc.constant(memberId), fc.uuid());
      case "attemptId":
      case "cursor":
        return fc.uuid();
      case "returnTo":
        return fc.constantFrom("/dashboard", "/users");
      default:
        return fc.string({ minLength: 1, maxLength: 30 }).filter((text) => text.trim().length > 0);
    }
  };

  it.each(procedures.map(([path]) => path))("%s never answers 500, and poisoned text gets invalid_text", async (path) => {
    const procedure = (appRouter._def.procedures as unknown as Record<string, Procedure>)[path];
    const schema = procedure?._def.inputs[0] as Parameters<typeof arbitraryForSchema>[0] | undefined;
    const input = schema ? arbitraryForSchema(schema, validText) : fc.constant(undefined);
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        // A fresh session per call: logout or a role change must not hide the other runs.
        const { caller } = await signedInCaller(stack.harness.api.deps, admin);
        try {
          await procedureAt(caller, path)(value);
        } catch (error) {
          if (!(error instanceof TRPCError)) throw error;
          expect(error.code, `${path} ${JSON.stringify(value)}: ${String(error.cause)}`).not.toBe("INTERNAL_SERVER_ERROR");
          if (containsPoison(value)) expect(appCodeOf(error)).toBe("invalid_text");
        }
      }),
      { numRuns: 12 },
    );
  });

  // The concrete findings of the fault-injection session, pinned.
  it("rejects NUL and unpaired surrogates in the fields that used to reach PostgreSQL", async () => {
    const { caller: anonymous } = await anonymousCaller(stack.harness.api.deps);
    await expectAppCode(anonymous.auth.passwordLogin({ email: "a\u0000@example.com", password: "x" }), "invalid_text");
    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    await expectAppCode(caller.users.invite({ email: `n-${Date.now()}@example.com`, name: "Ann\u0000" }), "invalid_text");
    for (const field of ["label", "clientId", "clientSecret"] as const) {
      for (const poison of ["\u0000", "\ud800"]) {
        const fields = { label: "Okta", issuer: stack.harness.idp.issuer, clientId: "client", clientSecret: "secret", [field]: `x${poison}y` };
        await expectAppCode(caller.sso.create(fields), "invalid_text");
        await expectAppCode(caller.sso.update({ connectionId, [field]: `x${poison}y` }), "invalid_text");
      }
    }
  });

  it("answers poisoned text over HTTP with a 400 and the invalid_text code", async () => {
    const response = await fetch(`${stack.harness.api.url}/trpc/auth.passwordLogin`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: stack.harness.publicUrl },
      body: JSON.stringify({ email: "a\ud800@example.com", password: "x" }),
    });
    const body = (await response.json()) as { error?: { data?: { appCode?: string } } };
    expect(response.status).toBe(400);
    expect(body.error?.data?.appCode).toBe("invalid_text");
  });

  it("takes only a real uuid as the audit cursor", async () => {
    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    await expectAppCode(caller.audit.list({ cursor: "-".repeat(36) }), "invalid_input");
  });
});
