/** The error contract: every code has a transport status, and every error body has one shape. */
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { APP_ERROR_CODES, DomainError } from "../src/domain/errors";
import { appErrorBody } from "../src/trpc/error-body";
import { appCodeOf, toTRPCError, transportCodeOf } from "../src/trpc/errors";

describe("transport codes", () => {
  it.each([
    ["csrf_rejected", "FORBIDDEN"],
    ["sso_required", "FORBIDDEN"],
    ["issuer_is_discovery_url", "BAD_REQUEST"],
    ["enforce_requires_sso_session", "PRECONDITION_FAILED"],
    ["sso_email_claimed", "CONFLICT"],
    ["service_unavailable", "SERVICE_UNAVAILABLE"],
  ] as const)("%s → %s", (code, transport) => {
    expect(transportCodeOf(code)).toBe(transport);
  });

  it("keeps every domain code as the client's appCode", () => {
    for (const code of APP_ERROR_CODES) {
      const mapped = toTRPCError(new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new DomainError(code) }));
      expect(mapped.code).toBe(transportCodeOf(code));
      expect(appCodeOf(mapped)).toBe(code);
    }
  });
});

describe("appErrorBody", () => {
  it("writes what tRPC writes, for bodies sent before tRPC runs", () => {
    expect(appErrorBody("csrf_rejected")).toEqual({
      message: "csrf_rejected",
      code: -32003,
      data: { code: "FORBIDDEN", httpStatus: 403, appCode: "csrf_rejected" },
    });
    expect(appErrorBody("rate_limited")).toEqual({
      message: "rate_limited",
      code: -32029,
      data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, appCode: "rate_limited" },
    });
  });

  it("keeps the procedure path and the non-secret details", () => {
    expect(appErrorBody("issuer_invalid", { path: "sso.checkIssuer", details: { hint: "Use https." } }).data).toEqual({
      code: "BAD_REQUEST",
      httpStatus: 400,
      path: "sso.checkIssuer",
      appCode: "issuer_invalid",
      hint: "Use https.",
    });
  });
});
