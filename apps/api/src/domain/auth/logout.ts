import { eq } from "drizzle-orm";
import { LOGIN_PATH } from "@jams/contract/routes";
import { sessions } from "@jams/db/schema";
import { secretContext } from "@jams/db/secrets";
import type { RequestContext } from "../context";
import { sessionCookieName } from "../sessions/cookie-names";
import { revokeSessionById } from "../sessions/revoke-session";
import { loadConnectionSettings } from "../sso/connection/settings";

/**
 * Ends the local session; for SSO sessions also returns the IdP's end-session URL, if any.
 * Idempotent: without a (valid) session it still clears the cookie and succeeds.
 */
export async function logout({ ctx }: { ctx: RequestContext }): Promise<{ endSessionUrl: string | null }> {
  const { deps } = ctx;
  if (!ctx.session) {
    ctx.cookies.clear(sessionCookieName(deps.config));
    return { endSessionUrl: null };
  }
  const [row] = await deps.db
    .select({ idTokenHintEncrypted: sessions.idTokenHintEncrypted })
    .from(sessions)
    .where(eq(sessions.id, ctx.session.id))
    .limit(1);
  await revokeSessionById(deps, ctx.session.id);
  ctx.cookies.clear(sessionCookieName(deps.config));

  if (ctx.session.method !== "sso" || !ctx.session.connectionId) return { endSessionUrl: null };
  try {
    const settings = await loadConnectionSettings(deps, ctx.session.connectionId);
    if (!settings) return { endSessionUrl: null };
    const idTokenHint = row?.idTokenHintEncrypted
      ? deps.secrets.open(row.idTokenHintEncrypted, secretContext.sessionIdToken(ctx.session.id))
      : undefined;
    const endSessionUrl = await deps.rp.endSessionUrl({
      connection: settings.connection,
      ...(idTokenHint ? { idTokenHint } : {}),
      postLogoutRedirectUri: `${deps.config.publicUrl}${LOGIN_PATH}`,
    });
    return { endSessionUrl };
  } catch {
    // The local session is already gone; an unreachable IdP must not make logout fail.
    return { endSessionUrl: null };
  }
}
