import { and, asc, eq, ne, sql } from "drizzle-orm";
import { organizationDomains, users } from "@jams/db/schema";
import { recordAdminAction } from "../audit/record-audit-event";
import type { AuthedContext } from "../context";
import { DomainError } from "../errors";
import { isUniqueViolation } from "../users/create-invitation";
import { randomToken } from "../shared/crypto";
import { normalizeDomain, verificationRecord } from "./domain-name";
import { DnsLookupError } from "./txt-resolver";

export type DomainCheckCode = "domain_txt_missing" | "domain_dns_failed" | "domain_verified_elsewhere";

export interface DomainView {
  id: string;
  domain: string;
  record: { type: "TXT"; name: string; value: string };
  verifiedAt: Date | null;
  verifiedByEmail: string | null;
  lastCheckedAt: Date | null;
  lastCheckCode: DomainCheckCode | null;
  /** Addresses on this verified domain held by other organisations: to resolve, never moved. */
  heldElsewhere: { email: string; status: "invited" | "active" | "disabled" }[];
}

const columns = {
  id: organizationDomains.id,
  domain: organizationDomains.domain,
  token: organizationDomains.verificationToken,
  verifiedAt: organizationDomains.verifiedAt,
  verifiedByEmail: organizationDomains.verifiedByEmail,
  lastCheckedAt: organizationDomains.lastCheckedAt,
  lastCheckCode: organizationDomains.lastCheckCode,
};

type Row = { id: string; domain: string; token: string; verifiedAt: Date | null; verifiedByEmail: string | null; lastCheckedAt: Date | null; lastCheckCode: string | null };

async function viewOf(ctx: AuthedContext, row: Row): Promise<DomainView> {
  const heldElsewhere = row.verifiedAt
    ? await ctx.deps.db
        .select({ email: users.email, status: users.status })
        .from(users)
        .where(and(ne(users.organizationId, ctx.user.organizationId), sql`split_part(lower(${users.email}), '@', 2) = ${row.domain}`))
        .orderBy(asc(users.email))
        .limit(200)
    : [];
  return {
    id: row.id,
    domain: row.domain,
    record: { type: "TXT", ...verificationRecord(row.domain, row.token) },
    verifiedAt: row.verifiedAt,
    verifiedByEmail: row.verifiedByEmail,
    lastCheckedAt: row.lastCheckedAt,
    lastCheckCode: row.lastCheckCode as DomainCheckCode | null,
    heldElsewhere,
  };
}

async function loadOwn(ctx: AuthedContext, domainId: string): Promise<Row> {
  const [row] = await ctx.deps.db
    .select(columns)
    .from(organizationDomains)
    .where(and(eq(organizationDomains.id, domainId), eq(organizationDomains.organizationId, ctx.user.organizationId)))
    .limit(1);
  if (!row) throw new DomainError("not_found");
  return row;
}

export async function listDomains({ ctx }: { ctx: AuthedContext }): Promise<DomainView[]> {
  const rows = await ctx.deps.db
    .select(columns)
    .from(organizationDomains)
    .where(eq(organizationDomains.organizationId, ctx.user.organizationId))
    .orderBy(asc(organizationDomains.domain));
  return Promise.all(rows.map((row) => viewOf(ctx, row)));
}

export async function addDomain({ ctx, input }: { ctx: AuthedContext; input: { domain: string } }): Promise<DomainView> {
  const domain = normalizeDomain(input.domain);
  if (!domain) throw new DomainError("domain_invalid");
  try {
    const row = await ctx.deps.db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(organizationDomains)
        .values({ organizationId: ctx.user.organizationId, domain, verificationToken: randomToken(), createdAt: ctx.deps.now() })
        .returning(columns);
      if (!inserted) throw new Error("domain insert returned nothing");
      await recordAdminAction(tx, ctx, {
        action: "domain.added",
        target: { type: "domain", id: inserted.id },
        metadata: { domain },
      });
      return inserted;
    });
    return viewOf(ctx, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("domain_exists");
    throw error;
  }
}

async function lookUp(ctx: AuthedContext, row: Row): Promise<DomainCheckCode | null> {
  const expected = verificationRecord(row.domain, row.token);
  try {
    const found = await ctx.deps.dns.resolveTxt(expected.name);
    return found.some((value) => value.trim() === expected.value) ? null : "domain_txt_missing";
  } catch (error) {
    if (error instanceof DnsLookupError) return "domain_dns_failed";
    throw error;
  }
}

/** "Verify now": looks the TXT record up and records the outcome; audit either way. */
export async function verifyDomain({ ctx, input }: { ctx: AuthedContext; input: { domainId: string } }): Promise<{ ok: boolean; code: DomainCheckCode | null; domain: DomainView }> {
  const { db, now } = ctx.deps;
  const row = await loadOwn(ctx, input.domainId);
  if (row.verifiedAt) return { ok: true, code: null, domain: await viewOf(ctx, row) };
  let code = await lookUp(ctx, row);
  const at = now();
  if (code === null) {
    try {
      await db.transaction(async (tx) => {
        await tx
          .update(organizationDomains)
          .set({ verifiedAt: at, verifiedByUserId: ctx.user.id, verifiedByEmail: ctx.user.email, lastCheckedAt: at, lastCheckCode: null })
          .where(eq(organizationDomains.id, row.id));
        await recordAdminAction(tx, ctx, {
          action: "domain.verified",
          target: { type: "domain", id: row.id },
          metadata: { domain: row.domain },
        });
      });
    } catch (error) {
      // The partial unique index: another organisation verified this domain first.
      if (!isUniqueViolation(error)) throw error;
      code = "domain_verified_elsewhere";
    }
  }
  if (code !== null) {
    await db.update(organizationDomains).set({ lastCheckedAt: at, lastCheckCode: code }).where(eq(organizationDomains.id, row.id));
    await recordAdminAction(db, ctx, {
      action: "domain.verification_failed",
      target: { type: "domain", id: row.id },
      metadata: { domain: row.domain, code },
    });
  }
  return { ok: code === null, code, domain: await viewOf(ctx, await loadOwn(ctx, row.id)) };
}

export async function removeDomain({ ctx, input }: { ctx: AuthedContext; input: { domainId: string } }): Promise<{ ok: true }> {
  const row = await loadOwn(ctx, input.domainId);
  await ctx.deps.db.transaction(async (tx) => {
    await tx.delete(organizationDomains).where(eq(organizationDomains.id, row.id));
    await recordAdminAction(tx, ctx, {
      action: "domain.removed",
      target: { type: "domain", id: row.id },
      metadata: { domain: row.domain, wasVerified: row.verifiedAt !== null },
    });
  });
  return { ok: true };
}
