import type { Logger } from "pino";

/**
 * What to do with an error nothing caught (a throw in a timer or socket callback, a rejected
 * promise nobody awaited). Node would print a bare stack to stderr and exit; we log it as one
 * structured `fatal` line (so log alerting sees it, with the same redaction as every other
 * line), stop accepting requests, and exit non-zero so the supervisor starts a fresh process.
 *
 * We do not keep serving: after an unexpected throw the process may hold half-updated state
 * (a pool connection mid-protocol, a lock never released) and would fail in ways nobody can
 * diagnose. Exiting is safe because the API is stateless: every flow lives in PostgreSQL, so
 * sign-ins parked at an IdP complete on another instance or after the restart. Known driver
 * faults that used to land here (postgres.js nextWrite on a closed socket) are patched to
 * reject the affected query instead, so a database restart is no longer one of these.
 */
export function installProcessGuards(logger: Logger, shutdown: () => Promise<void>, exit: (code: number) => void = (code) => process.exit(code)): void {
  let handling = false;
  const onFatal = (kind: "uncaughtException" | "unhandledRejection") => (error: unknown) => {
    logger.fatal({ err: error, kind }, "unexpected error; exiting");
    if (handling) return;
    handling = true;
    // Bounded: a shutdown stuck on the very fault that got us here must not keep us alive.
    const force = setTimeout(() => exit(1), 3_000);
    force.unref();
    shutdown().then(
      () => exit(1),
      () => exit(1),
    );
  };
  process.on("uncaughtException", onFatal("uncaughtException"));
  process.on("unhandledRejection", onFatal("unhandledRejection"));
}
