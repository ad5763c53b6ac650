// Its own module: the bulkheads raise it too, and outbound.ts imports the bulkheads' types.
export type OutboundFailure = "refused_insecure" | "refused_address" | "network" | "timeout" | "redirect" | "too_large" | "busy";

/** Internal transport error; mapped to a public SsoError code by the caller. */
export class OutboundError extends Error {
  constructor(readonly kind: OutboundFailure, detail: string) {
    super(`outbound request ${kind}: ${detail}`);
    this.name = "OutboundError";
  }
}
