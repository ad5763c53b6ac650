/** Public entry of @jams/api for embedding (tests, the demo). */
export { startApiServer, createAppDeps, openDatabase, type RunningApiServer, type StartApiServerOptions } from "./app";
export { loadConfig, ENV_VARS, DEFAULT_RATE_LIMITS, type AppConfig, type RateLimitPolicy } from "./config";
export { APP_ERROR_CODES, type AppErrorCode } from "./domain/errors";
export type { AppRouter } from "./trpc/app-router";
export { createOrganizationWithAdmin } from "./domain/organizations/create-organization";
