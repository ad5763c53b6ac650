import type { AuditEventInput } from "../audit/record-audit-event";

/** RFC 7644 §3.12 error: `status` is a string, `scimType` only for the 400/409 kinds it defines. */
export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | null,
    /** Shown to the IdP admin in their provisioning log: stable, never secrets or another org's facts. */
    readonly detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = "ScimError";
  }

  body() {
    return {
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}

/** A refusal the audit trail must keep even though the transaction that found it rolls back. */
export class RefusedChange extends ScimError {
  constructor(
    detail: string,
    readonly audit: AuditEventInput,
  ) {
    super(400, "invalidValue", detail);
  }
}

export const invalidValue = (detail: string) => new ScimError(400, "invalidValue", detail);
export const invalidSyntax = (detail: string) => new ScimError(400, "invalidSyntax", detail);
export const invalidFilter = (detail: string) => new ScimError(400, "invalidFilter", detail);
export const notFound = (detail = "Resource not found") => new ScimError(404, null, detail);
export const uniqueness = (detail: string) => new ScimError(409, "uniqueness", detail);
