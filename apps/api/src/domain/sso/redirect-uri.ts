import type { AuthedContext } from "../context";
import { redirectUriOf } from "./connection-settings";

/** Shown to admins exactly as the IdP must register it. */
export function getRedirectUri({ ctx }: { ctx: AuthedContext }): { redirectUri: string } {
  return { redirectUri: redirectUriOf(ctx.deps) };
}
