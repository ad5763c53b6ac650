import { z } from "zod";
import { DEFAULT_SCOPES } from "@jams/contract/connection-defaults";
import { listAttempts } from "../../domain/sso/attempts";
import { checkConnection } from "../../domain/sso/check-connection";
import { checkIssuer } from "../../domain/sso/check-issuer";
import { deleteConnection, getConnection, listConnections, setConnectionEnabled } from "../../domain/sso/connection-queries";
import { getEnforcement, setEnforced } from "../../domain/sso/enforcement";
import { getRedirectUri } from "../../domain/sso/redirect-uri";
import { createConnection, updateConnection } from "../../domain/sso/save-connection";
import { startTestSignIn } from "../../domain/sso/start-sso";
import { getTestResult } from "../../domain/sso/test-result";
import { adminProcedure, router } from "../init";
import { limitInput } from "./inputs";

const connectionIdInput = z.object({ connectionId: z.uuid() });
const authMethodInput = z.enum(["client_secret_basic", "client_secret_post"]);
const scopesInput = z
  .string()
  .trim()
  .max(500)
  .refine((value) => value.split(/\s+/).includes("openid"), { message: "scopes must include openid" });
const claimInput = z.string().trim().min(1).max(100);

const connectionFields = {
  label: z.string().trim().min(1).max(100),
  issuer: z.string().trim().min(1).max(2048),
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

export const updateConnectionInput = z.object({
  connectionId: z.uuid(),
  ...z.object(connectionFields).partial().shape,
});

export const ssoRouter = router({
  redirectUri: adminProcedure.query(({ ctx }) => getRedirectUri({ ctx })),
  list: adminProcedure.query(({ ctx }) => listConnections({ ctx })),
  get: adminProcedure.input(connectionIdInput).query(({ ctx, input }) => getConnection({ ctx, input })),
  checkIssuer: adminProcedure
    .input(z.object({ issuer: z.string().trim().min(1).max(2048), tokenEndpointAuthMethod: authMethodInput.optional() }))
    .mutation(({ ctx, input }) => checkIssuer({ ctx, input })),
  create: adminProcedure.input(createConnectionInput).mutation(({ ctx, input }) => createConnection({ ctx, input })),
  update: adminProcedure.input(updateConnectionInput).mutation(({ ctx, input }) => updateConnection({ ctx, input })),
  delete: adminProcedure.input(connectionIdInput).mutation(({ ctx, input }) => deleteConnection({ ctx, input })),
  setEnabled: adminProcedure
    .input(z.object({ connectionId: z.uuid(), enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setConnectionEnabled({ ctx, input })),
  checkConnection: adminProcedure.input(connectionIdInput).mutation(({ ctx, input }) => checkConnection({ ctx, input })),
  testSignIn: adminProcedure.input(connectionIdInput).mutation(({ ctx, input }) => startTestSignIn({ ctx, input })),
  testResult: adminProcedure
    .input(z.object({ attemptId: z.uuid() }))
    .query(({ ctx, input }) => getTestResult({ ctx, input })),
  attempts: adminProcedure
    .input(z.object({ connectionId: z.uuid(), limit: limitInput.optional() }))
    .query(({ ctx, input }) => listAttempts({ ctx, input })),
  enforcement: adminProcedure.query(({ ctx }) => getEnforcement({ ctx })),
  setEnforced: adminProcedure
    .input(z.object({ enforced: z.boolean() }))
    .mutation(({ ctx, input }) => setEnforced({ ctx, input })),
});
