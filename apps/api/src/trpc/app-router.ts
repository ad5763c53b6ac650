import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { createCaller, router } from "./init";
import { auditRouter } from "./routers/audit-router";
import { authRouter } from "./routers/auth-router";
import { domainsRouter } from "./routers/domains-router";
import { provisioningRouter } from "./routers/provisioning-router";
import { ssoRouter } from "./routers/sso-router";
import { usersRouter } from "./routers/users-router";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  sso: ssoRouter,
  audit: auditRouter,
  domains: domainsRouter,
  provisioning: provisioningRouter,
});

/** The web app imports this type only (`import type { AppRouter } from "@jams/api/router"`). */
export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type { AppErrorCode } from "../domain/errors";
export type { AuditAction } from "../domain/audit/record-audit-event";

/** `createAppCaller(ctx)` runs procedures in-process with the full middleware stack. */
export const createAppCaller = createCaller(appRouter);
