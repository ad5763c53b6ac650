import { asc, eq } from "drizzle-orm";
import type { Database } from "@jams/db/client";
import { organizations, ssoConnections } from "@jams/db/schema";
import { DEMO } from "./seed";

/**
 * How to sign in to the demo as it is now: a restarted demo keeps its embedded database, so SSO
 * may already be set up — or enforced, in which case the admin password printed before no
 * longer works and the banner must say so.
 */
export async function demoSignInLines(db: Database, issuer: string): Promise<string[]> {
  const [org] = await db
    .select({ id: organizations.id, slug: organizations.slug, enforced: organizations.ssoEnforced })
    .from(organizations)
    .where(eq(organizations.name, DEMO.organization))
    .orderBy(asc(organizations.createdAt))
    .limit(1);
  const connections = org
    ? await db.select({ label: ssoConnections.label, enabled: ssoConnections.enabled }).from(ssoConnections).where(eq(ssoConnections.organizationId, org.id))
    : [];
  const label = connections.find((c) => c.enabled)?.label;
  const setup = [
    "  then open /integrations/sso and follow the setup guide's steps 5–7 with:",
    `    Configuration name  Okta`,
    `    Issuer URL          ${issuer}`,
    `    Client ID           ${DEMO.client.clientId}`,
    `    Client Secret       ${DEMO.client.clientSecret}`,
  ];
  if (org?.enforced && label) {
    return [
      `  Enforce SSO is ON for ${DEMO.organization} (kept from an earlier run): password sign-in is off.`,
      `  Sign in as the admin: /login → ${DEMO.admin.email} → Continue → Continue with ${label}`,
      `    at the local IdP: ${DEMO.admin.email} / ${DEMO.idpPassword}`,
      `  To go back to passwords: pnpm jams sso unenforce --org ${org.slug}`,
    ];
  }
  if (label) {
    return [
      `  Sign in as the admin: ${DEMO.admin.email} / ${DEMO.admin.password}, or Continue with ${label}`,
      `    (local IdP password "${DEMO.idpPassword}"). SSO is already set up at /integrations/sso.`,
    ];
  }
  return [`  Sign in as the admin: ${DEMO.admin.email} / ${DEMO.admin.password}`, ...setup];
}
