import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY, type TRPC_ERROR_CODE_NUMBER } from "@trpc/server/rpc";
import type { AppErrorCode, DomainErrorDetails } from "../domain/errors";
import { transportCodeOf } from "./errors";

export interface AppErrorBody {
  message: string;
  /** JSON-RPC code, as tRPC writes it. */
  code: TRPC_ERROR_CODE_NUMBER;
  data: DomainErrorDetails & {
    code: TRPC_ERROR_CODE_KEY;
    httpStatus: number;
    path?: string | undefined;
    /** The stable code clients branch on. */
    appCode: AppErrorCode;
  };
}

/**
 * The one shape of an error clients read (`error.data.appCode`): tRPC's errorFormatter writes it
 * for procedures, and the HTTP layer for what it refuses before tRPC runs (CSRF, rate limit), so
 * the web app's TRPCClientError sees the same body either way.
 */
export function appErrorBody(
  appCode: AppErrorCode,
  options: { message?: string; trpcCode?: TRPC_ERROR_CODE_KEY; path?: string | undefined; details?: DomainErrorDetails } = {},
): AppErrorBody {
  const trpcCode = options.trpcCode ?? transportCodeOf(appCode);
  return {
    message: options.message ?? appCode,
    code: TRPC_ERROR_CODES_BY_KEY[trpcCode],
    data: {
      code: trpcCode,
      httpStatus: getHTTPStatusCodeFromError(new TRPCError({ code: trpcCode })),
      ...("path" in options ? { path: options.path } : {}),
      appCode,
      ...options.details,
    },
  };
}
