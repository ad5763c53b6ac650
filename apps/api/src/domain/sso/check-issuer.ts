import type { AuthedContext } from "../context";
import { DomainError } from "../errors";
import type { ConnectionSettings, IssuerCheck } from "@jams/oidc/relying-party";

/** Live discovery diagnostics for the settings form; never throws for a bad issuer. */
export function checkIssuer({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: { issuer: string; tokenEndpointAuthMethod?: ConnectionSettings["tokenEndpointAuthMethod"] | undefined };
}): Promise<IssuerCheck> {
  return ctx.deps.rp.checkIssuer(
    input.issuer,
    input.tokenEndpointAuthMethod ? { tokenEndpointAuthMethod: input.tokenEndpointAuthMethod } : undefined,
  );
}

/** Saving refuses an issuer that fails discovery; the error carries the code and the hint. */
export async function requireValidIssuer(
  ctx: AuthedContext,
  issuer: string,
  tokenEndpointAuthMethod: ConnectionSettings["tokenEndpointAuthMethod"],
): Promise<string> {
  const result = await ctx.deps.rp.checkIssuer(issuer, { tokenEndpointAuthMethod });
  if (!result.ok) {
    throw new DomainError(result.code, {
      hint: result.hint,
      ...(result.suggestedIssuer ? { suggestedIssuer: result.suggestedIssuer } : {}),
    });
  }
  return result.issuer;
}
