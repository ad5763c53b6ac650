import { and, eq, isNull } from "drizzle-orm";
import { scimDirectories } from "@jams/db/schema";
import type { AppDeps } from "../deps";
import { sha256 } from "../shared/crypto";
import type { ScimDirectory } from "./context";
import { ScimError } from "./errors";

export const SCIM_TOKEN_PREFIX = "jams_scim_";
const MAX_TOKEN_LENGTH = 200;

export function unauthorized(): ScimError {
  return new ScimError(401, null, "A valid bearer token is required");
}

/**
 * One indexed read by the token's SHA-256. A fast hash is enough because the token is 256 random
 * bits (nothing to brute-force offline, unlike a password), and it keeps every SCIM request to a
 * single lookup; a database leak still yields nothing an attacker can present.
 */
export async function authenticateScimToken(deps: AppDeps, authorization: string | undefined): Promise<ScimDirectory> {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? "");
  const token = match?.[1];
  if (!token || token.length > MAX_TOKEN_LENGTH || !token.startsWith(SCIM_TOKEN_PREFIX)) throw unauthorized();
  const [directory] = await deps.db
    .select({ id: scimDirectories.id, organizationId: scimDirectories.organizationId, label: scimDirectories.label })
    .from(scimDirectories)
    .where(and(eq(scimDirectories.tokenHash, sha256(token)), isNull(scimDirectories.revokedAt)))
    .limit(1);
  if (!directory) throw unauthorized();
  return directory;
}
