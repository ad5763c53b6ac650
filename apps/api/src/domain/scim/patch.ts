import type { ScimPatchOperation } from "scim-patch";
import { PATCH_SCHEMA } from "./context";
import { ScimError, invalidSyntax, invalidValue } from "./errors";

const MAX_OPERATIONS = 100;
const MAX_PATH_LENGTH = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Validates a PatchOp body and normalises what IdPs send differently: Entra ID capitalises ops
 * ("Replace") and key names vary in case. Values are left alone here; the resource parsers accept
 * Entra's "True"/"False" strings where a boolean belongs.
 */
export function normalisePatchOperations(body: unknown): ScimPatchOperation[] {
  if (!isRecord(body)) throw invalidSyntax("The body must be a PatchOp object");
  const schemas = body.schemas;
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.includes(PATCH_SCHEMA))) {
    throw invalidSyntax(`schemas must contain ${PATCH_SCHEMA}`);
  }
  const key = Object.keys(body).find((k) => k.toLowerCase() === "operations");
  const operations = key === undefined ? undefined : body[key];
  if (!Array.isArray(operations) || operations.length === 0) throw invalidSyntax("Operations must be a non-empty array");
  if (operations.length > MAX_OPERATIONS) throw invalidValue(`At most ${MAX_OPERATIONS} operations per request`);
  return operations.map((raw): ScimPatchOperation => {
    if (!isRecord(raw)) throw invalidSyntax("Each operation must be an object");
    const op = typeof raw.op === "string" ? raw.op.toLowerCase() : null;
    if (op !== "add" && op !== "replace" && op !== "remove") throw invalidSyntax("op must be add, replace or remove");
    const path = raw.path;
    if (path !== undefined && (typeof path !== "string" || path.length > MAX_PATH_LENGTH || path.trim() === "")) {
      throw invalidPath();
    }
    if (op === "remove") {
      if (path === undefined) throw invalidPath();
      return raw.value === undefined ? { op, path } : { op, path, value: raw.value };
    }
    if (path === undefined && !isRecord(raw.value)) throw invalidValue("An operation without path needs an object value");
    return path === undefined ? { op, value: raw.value } : { op, path, value: raw.value };
  });
}

function invalidPath() {
  return new ScimError(400, "invalidPath", "path must be a non-empty attribute path");
}
