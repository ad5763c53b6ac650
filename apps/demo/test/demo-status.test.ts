import { eq } from "drizzle-orm";
import { organizations, ssoConnections } from "@jams/db/schema";
import { createTestDatabase } from "@jams/db/testing";
import { expect, it } from "vitest";
import { demoSignInLines } from "../src/status";
import { DEMO, seedDemoOrganization } from "../src/seed";

it("after a restart with Enforce SSO on, the demo says how to sign in (SSO, not the admin password)", async () => {
  const database = await createTestDatabase("pglite");
  try {
    await seedDemoOrganization(database.db, new Date());
    const issuer = "http://127.0.0.1:4010";
    const fresh = (await demoSignInLines(database.db, issuer)).join("\n");
    expect(fresh).toContain(DEMO.admin.password);
    expect(fresh).toContain(`Issuer URL          ${issuer}`);

    const [org] = await database.db.select({ id: organizations.id, slug: organizations.slug }).from(organizations).limit(1);
    if (!org) throw new Error("not seeded");
    await database.db.insert(ssoConnections).values({ organizationId: org.id, label: "Okta", issuer, clientId: DEMO.client.clientId, clientSecretEncrypted: "sealed", clientSecretLast4: "hars", verifiedAt: new Date() });
    await database.db.update(organizations).set({ ssoEnforced: true }).where(eq(organizations.id, org.id));

    const enforced = (await demoSignInLines(database.db, issuer)).join("\n");
    expect(enforced).toContain("Enforce SSO is ON");
    expect(enforced).toContain("Continue with Okta");
    expect(enforced).toContain(`pnpm jams sso unenforce --org ${org.slug}`);
    expect(enforced).not.toContain(DEMO.admin.password);
  } finally {
    await database.close();
  }
});
