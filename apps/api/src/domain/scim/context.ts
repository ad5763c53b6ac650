import type { AppDeps } from "../deps";

/** The SCIM directory a bearer token belongs to; every query is scoped to its organisation. */
export interface ScimDirectory {
  id: string;
  organizationId: string;
  label: string;
}

export interface ScimContext {
  deps: AppDeps;
  directory: ScimDirectory;
  ip: string;
  /** `${PUBLIC_URL}/scim/v2`, for meta.location. */
  baseUrl: string;
}

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export function scimBaseUrl(publicUrl: string): string {
  return `${publicUrl}/scim/v2`;
}

/** Weak ETag from the row's last change: cheap, and changes whenever the representation can. */
export function versionOf(updatedAt: Date): string {
  return `W/"${updatedAt.getTime().toString(36)}"`;
}

/** Audit fields every SCIM write shares: no user acts, the directory does. */
export function scimAudit(ctx: ScimContext) {
  return {
    organizationId: ctx.directory.organizationId,
    actor: null,
    ip: ctx.ip,
  };
}

export function scimSource(ctx: ScimContext) {
  return { source: "scim", directory: ctx.directory.label };
}
