import { z } from "zod";
import { listAttempts } from "../../domain/sso/attempts";
import { checkConnection } from "../../domain/sso/check-connection";
import { checkIssuer } from "../../domain/sso/check-issuer";
import { createConnection, deleteConnection, setConnectionEnabled, updateConnection } from "../../domain/sso/connection/commands";
import {
  checkIssuerInput,
  connectionIdInput,
  createConnectionInput,
  setConnectionEnabledInput,
  updateConnectionInput,
} from "../../domain/sso/connection/inputs";
import { getConnection, getRedirectUri, listConnections } from "../../domain/sso/connection/queries";
import { getEnforcement, setEnforced } from "../../domain/sso/enforcement";
import { startTestSignIn } from "../../domain/sso/start-sso";
import { getTestResult } from "../../domain/sso/test-result";
import { adminProcedure, router } from "../init";
import { limitInput } from "./inputs";

export const ssoRouter = router({
  redirectUri: adminProcedure.query(({ ctx }) => getRedirectUri({ ctx })),
  list: adminProcedure.query(({ ctx }) => listConnections({ ctx })),
  get: adminProcedure.input(connectionIdInput).query(({ ctx, input }) => getConnection({ ctx, input })),
  checkIssuer: adminProcedure
    .input(checkIssuerInput)
    .mutation(({ ctx, input }) => checkIssuer({ ctx, input })),
  create: adminProcedure.input(createConnectionInput).mutation(({ ctx, input }) => createConnection({ ctx, input })),
  update: adminProcedure.input(updateConnectionInput).mutation(({ ctx, input }) => updateConnection({ ctx, input })),
  delete: adminProcedure.input(connectionIdInput).mutation(({ ctx, input }) => deleteConnection({ ctx, input })),
  setEnabled: adminProcedure
    .input(setConnectionEnabledInput)
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
