import { DEFAULT_SCOPES } from "@jams/contract/connection-defaults";
import { z } from "zod";

/**
 * What an admin may send for a connection. Shape checks only: the issuer's reachability and
 * the IdP's answers are checked by the commands (check-issuer, check-connection).
 */
export const connectionIdInput = z.object({ connectionId: z.uuid() });

const authMethodInput = z.enum(["client_secret_basic", "client_secret_post"]);
const issuerInput = z.string().trim().min(1).max(2048);
const scopesInput = z
  .string()
  .trim()
  .max(500)
  .refine((value) => value.split(/\s+/).includes("openid"), { message: "scopes must include openid" });
const claimInput = z.string().trim().min(1).max(100);

const connectionFields = {
  label: z.string().trim().min(1).max(100),
  issuer: issuerInput,
  clientId: z.string().trim().min(1).max(500),
  clientSecret: z.string().max(2000),
  scopes: scopesInput,
  emailClaim: claimInput,
  nameClaim: claimInput,
  tokenEndpointAuthMethod: authMethodInput,
  requireVerifiedEmail: z.boolean(),
};

export const createConnectionInput = z.object({
  ...connectionFields,
  clientSecret: connectionFields.clientSecret.min(1),
  scopes: scopesInput.default(DEFAULT_SCOPES),
  emailClaim: claimInput.default("email"),
  nameClaim: claimInput.default("name"),
  tokenEndpointAuthMethod: authMethodInput.default("client_secret_basic"),
  requireVerifiedEmail: z.boolean().default(true),
});

/** Every field optional; a blank clientSecret keeps the stored one. */
export const updateConnectionInput = z.object({
  connectionId: z.uuid(),
  ...z.object(connectionFields).partial().shape,
});

export const setConnectionEnabledInput = z.object({ connectionId: z.uuid(), enabled: z.boolean() });

/** The form's issuer check, before anything is saved. */
export const checkIssuerInput = z.object({ issuer: issuerInput, tokenEndpointAuthMethod: authMethodInput.optional() });

export type ConnectionFields = z.output<typeof createConnectionInput>;
export type ConnectionChanges = z.output<typeof updateConnectionInput>;
