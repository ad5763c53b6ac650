import { z } from "zod";
import { listAuditEvents } from "../../domain/audit/list-audit-events";
import { adminProcedure, router } from "../init";
import { limitInput } from "./inputs";

export const auditRouter = router({
  list: adminProcedure
    .input(
      z
        .object({
          limit: limitInput.optional(),
          cursor: z.uuid().optional(),
          actor: z.string().trim().max(254).optional(),
          action: z.string().regex(/^[a-z][a-z_.]{0,63}$/).optional(),
          from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
          to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listAuditEvents({ ctx, input: input ?? {} })),
});
