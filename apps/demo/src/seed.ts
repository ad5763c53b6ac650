import type { Database } from "@jams/db/client";
import { organizations } from "@jams/db/schema";
import type { DevClient, DevUser } from "@jams/dev-idp/server";
import { createInvitedUser, createOrganizationWithAdmin } from "@jams/api";

/** Fixed so a restarted demo (same embedded database) keeps working with what it printed before. */
export const DEMO = {
  organization: "Acme Corp",
  admin: { email: "admin@acme.test", name: "Alex Admin", password: "demo-admin-password" },
  members: [
    { email: "ada@acme.test", name: "Ada Lovelace" },
    { email: "grace@acme.test", name: "Grace Hopper" },
    { email: "mallory@acme.test", name: "Mallory Unassigned" },
  ],
  idpPassword: "password",
  outsider: { email: "nobody@acme.test", name: "Nobody Provisioned" },
  client: { clientId: "jams-demo", clientSecret: "jams-demo-secret:with&odd+chars" },
} as const;

/** The IdP side of the demo: everyone is assigned to the app except Mallory (Okta's access_denied case). */
export function demoIdpUsers(): DevUser[] {
  const password = DEMO.idpPassword;
  return [
    { email: DEMO.admin.email, name: DEMO.admin.name, password, emailVerified: true },
    ...DEMO.members.map((m) => ({
      email: m.email,
      name: m.name,
      password,
      emailVerified: true,
      assigned: m.email !== "mallory@acme.test",
    })),
    { email: DEMO.outsider.email, name: DEMO.outsider.name, password, emailVerified: true },
  ];
}

export function demoIdpClient(publicUrl: string): DevClient {
  return {
    ...DEMO.client,
    redirectUris: [`${publicUrl}/auth/sso/callback`],
    postLogoutRedirectUris: [`${publicUrl}/login`],
    tokenEndpointAuthMethod: "client_secret_basic",
  };
}

/** Seeds only an empty database, so the demo never touches data someone already made. */
export async function seedDemoOrganization(db: Database, now: Date): Promise<boolean> {
  const [existing] = await db.select({ id: organizations.id }).from(organizations).limit(1);
  if (existing) return false;
  const org = await createOrganizationWithAdmin(db, {
    name: DEMO.organization,
    adminEmail: DEMO.admin.email,
    adminName: DEMO.admin.name,
    adminPassword: DEMO.admin.password,
    now,
  });
  for (const member of DEMO.members) {
    await createInvitedUser(db, {
      organizationId: org.organizationId,
      email: member.email,
      displayName: member.name,
      role: "member",
      invitedBy: org.adminUserId,
      now,
    });
  }
  return true;
}
