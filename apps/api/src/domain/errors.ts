/**
 * Stable application error codes: the list lives in @jams/contract, which the web app reads too,
 * so a code the API never produces cannot get a message there.
 */
export { APP_ERROR_CODES, type AppErrorCode } from "@jams/contract/error-codes";
import type { AppErrorCode } from "@jams/contract/error-codes";

/** Extra, non-secret facts the client may show (e.g. the issuer check's hint). */
export interface DomainErrorDetails {
  hint?: string;
  suggestedIssuer?: string;
  retryAfterSeconds?: number;
}

/** Thrown by domain functions; the tRPC layer maps it to a transport error in one place. */
export class DomainError extends Error {
  readonly code: AppErrorCode;
  readonly details: DomainErrorDetails;

  constructor(code: AppErrorCode, details: DomainErrorDetails = {}, options?: { cause?: unknown }) {
    // The message is the code only: details may be shown, but messages end up in logs.
    super(code, options);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
