import { z } from "zod";
import { listAuditEvents } from "../../domain/audit/list-audit-events";
import { adminProcedure, router } from "../init";
import { limitInput } from "./inputs";

export const auditRouter = router({
  list: adminProcedure
    .input(z.object({ limit: limitInput.optional(), cursor: z.uuid().optional() }).optional())
    .query(({ ctx, input }) => listAuditEvents({ ctx, input: input ?? {} })),
});
