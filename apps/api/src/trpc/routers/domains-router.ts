import { z } from "zod";
import { addDomain, listDomains, removeDomain, verifyDomain } from "../../domain/domains/manage-domains";
import { adminProcedure, router } from "../init";

const domainIdInput = z.object({ domainId: z.uuid() });

export const domainsRouter = router({
  list: adminProcedure.query(({ ctx }) => listDomains({ ctx })),
  add: adminProcedure.input(z.object({ domain: z.string().trim().min(1).max(300) })).mutation(({ ctx, input }) => addDomain({ ctx, input })),
  verify: adminProcedure.input(domainIdInput).mutation(({ ctx, input }) => verifyDomain({ ctx, input })),
  remove: adminProcedure.input(domainIdInput).mutation(({ ctx, input }) => removeDomain({ ctx, input })),
});
