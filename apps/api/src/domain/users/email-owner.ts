import { eq, sql } from "drizzle-orm";
import type { Database } from "@jams/db/client";
import { organizations, users } from "@jams/db/schema";

/** Which organisation already has this email (operator-side only: emails are unique product-wide). */
export async function findEmailOwner(db: Database, email: string): Promise<{ email: string; organizationName: string; slug: string } | null> {
  const [row] = await db
    .select({ email: users.email, organizationName: organizations.name, slug: organizations.slug })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return row ?? null;
}
