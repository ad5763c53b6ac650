/** Public entry of @jams/api for embedding (tests, the demo in apps/demo, the bench in apps/bench). */
export { startApiServer, createAppDeps, openDatabase, type RunningApiServer, type StartApiServerOptions } from "./app";
export { loadConfig, ENV_VARS, DEFAULT_RATE_LIMITS, type AppConfig, type RateLimitPolicy } from "./config";
export { APP_ERROR_CODES, type AppErrorCode } from "./domain/errors";
export type { AppRouter } from "./trpc/app-router";
export { createOrganizationWithAdmin } from "./domain/organizations/create-organization";
export { createInvitedUser } from "./domain/users/create-invitation";
export { createLogger } from "./http/logging";
