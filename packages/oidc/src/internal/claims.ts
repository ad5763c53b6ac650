/**
 * Maps ID token / UserInfo claims onto a VerifiedIdentity according to the connection's
 * claim mapping. Deliberately strict: identities are matched by email, so anything doubtful is
 * refused with a code the admin can act on.
 */
import { normalizeEmail } from "../email";
import { SsoError, sanitizeDiagnostic, type ReceivedClaims } from "../errors";
import type { ConnectionSettings, VerifiedIdentity } from "../types";

type Claims = Record<string, unknown>;
const MAX_NAME_LENGTH = 200;

const isPresent = (v: unknown) => v !== undefined && v !== null && v !== "";

/** Whether the ID token lacks something we need, so UserInfo is worth asking. */
export function missingMappedClaims(connection: ConnectionSettings, idClaims: Claims): boolean {
  return (
    !isPresent(idClaims[connection.emailClaim]) ||
    !isPresent(idClaims[connection.nameClaim]) ||
    // Some providers (Okta org server) only put email_verified in UserInfo.
    (connection.requireVerifiedEmail && idClaims.email_verified === undefined)
  );
}

function cleanName(value: unknown): string | null {
  if (typeof value !== "string") return null;
  // eslint-disable-next-line no-control-regex
  const name = value.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return name === "" ? null : name.slice(0, MAX_NAME_LENGTH);
}

const MAX_GROUPS = 200;
const MAX_GROUP_LENGTH = 256;

/** Okta and Entra ID send `groups` as an array of strings (names, or Entra object ids); anything else is ignored. */
function groupsOf(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  return value
    .filter((g): g is string => typeof g === "string" && g.length > 0 && g.length <= MAX_GROUP_LENGTH)
    .slice(0, MAX_GROUPS);
}

// Protocol plumbing, not identity: nothing an admin maps, and some of it is replayable.
const HIDDEN_CLAIMS = new Set(["nonce", "at_hash", "c_hash", "s_hash", "sid", "jti", "_claim_names", "_claim_sources"]);
const MAX_CLAIMS_KEPT = 40;

function shown(value: unknown): unknown {
  if (typeof value === "boolean" || typeof value === "number" || value === null) return value;
  if (typeof value === "string") return sanitizeDiagnostic(value) ?? "";
  return sanitizeDiagnostic(JSON.stringify(value)) ?? "";
}

function keep(claims: Claims): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(claims).slice(0, MAX_CLAIMS_KEPT)) {
    if (!HIDDEN_CLAIMS.has(name)) kept[sanitizeDiagnostic(name) ?? "?"] = shown(value);
  }
  return kept;
}

/** What the IdP sent, for the Test sign-in evidence: printable, capped, without replayable values. */
export function receivedClaims(idClaims: Claims, userInfo: Claims | undefined): ReceivedClaims {
  return { idToken: keep(idClaims), userInfo: userInfo ? keep(userInfo) : null };
}

export function mapIdentity(args: {
  connection: ConnectionSettings;
  issuer: string;
  subject: string;
  idClaims: Claims;
  userInfo: Claims | undefined;
  idToken: string;
}): VerifiedIdentity {
  const { connection, idClaims, userInfo } = args;
  // The ID token wins; UserInfo only fills gaps. email_verified is taken from the same source
  // as the email so a verified flag cannot be paired with a different address.
  const emailSource = isPresent(idClaims[connection.emailClaim]) ? idClaims : (userInfo ?? idClaims);
  const rawEmail = emailSource[connection.emailClaim];
  // If the ID token had the email but not email_verified, UserInfo may vouch for the SAME address.
  const sameEmailInUserInfo =
    userInfo !== undefined && typeof rawEmail === "string" && typeof userInfo[connection.emailClaim] === "string" &&
    normalizeEmail(userInfo[connection.emailClaim] as string) === normalizeEmail(rawEmail);
  const rawVerified = emailSource.email_verified ?? (sameEmailInUserInfo ? userInfo.email_verified : undefined);
  const rawName = isPresent(idClaims[connection.nameClaim]) ? idClaims[connection.nameClaim] : userInfo?.[connection.nameClaim];
  const received = receivedClaims(idClaims, userInfo);

  if (!isPresent(rawEmail)) throw new SsoError("sso_email_missing", { evidence: { received } });
  const email = typeof rawEmail === "string" ? normalizeEmail(rawEmail) : null;
  if (email === null) throw new SsoError("sso_email_invalid", { evidence: { received } });
  // Only a JSON boolean true counts: "true" strings are a sign of a misconfigured claim.
  if (connection.requireVerifiedEmail && rawVerified !== true) throw new SsoError("sso_email_unverified", { evidence: { received } });

  return {
    subject: args.subject,
    email,
    emailVerified: typeof rawVerified === "boolean" ? rawVerified : null,
    name: cleanName(rawName),
    groups: groupsOf(idClaims.groups ?? userInfo?.groups),
    issuer: args.issuer,
    claims: {
      sub: args.subject,
      ...(rawEmail !== undefined ? { email: rawEmail } : {}),
      ...(rawName !== undefined ? { name: rawName } : {}),
      ...(rawVerified !== undefined ? { email_verified: rawVerified } : {}),
    },
    idToken: args.idToken,
    usedUserInfo: userInfo !== undefined,
    received,
  };
}
