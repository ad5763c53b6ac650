import { randomUUID } from "node:crypto";
import type { Database } from "../src/client";
import { organizations, ssoConnections, users } from "../src/schema";

const unique = () => randomUUID().slice(0, 8);

export async function makeOrganization(db: Database) {
  const key = unique();
  const [org] = await db
    .insert(organizations)
    .values({ name: `Org ${key}`, slug: `org-${key}` })
    .returning({ id: organizations.id });
  if (!org) throw new Error("organization insert returned nothing");
  return org;
}

export async function makeUser(db: Database, organizationId: string, email = `user-${unique()}@example.com`) {
  const [user] = await db
    .insert(users)
    .values({ organizationId, email })
    .returning({ id: users.id, email: users.email });
  if (!user) throw new Error("user insert returned nothing");
  return user;
}

export async function makeConnection(db: Database, organizationId: string) {
  const [connection] = await db
    .insert(ssoConnections)
    .values({
      organizationId,
      label: "Okta",
      issuer: "https://example.okta.com/oauth2/default",
      clientId: `client-${unique()}`,
      clientSecretEncrypted: "placeholder",
      clientSecretLast4: "abcd",
    })
    .returning({ id: ssoConnections.id });
  if (!connection) throw new Error("connection insert returned nothing");
  return connection;
}
