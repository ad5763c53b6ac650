import { z } from "zod";
import { generateScimToken, getProvisioning, listScimRequests, revokeScimToken, setRoleMappings } from "../../domain/scim/admin";
import { adminProcedure, router } from "../init";
import { limitInput, roleInput } from "./inputs";

// eslint-disable-next-line no-control-regex
const visibleText = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]*$/);

export const provisioningRouter = router({
  get: adminProcedure.query(({ ctx }) => getProvisioning({ ctx })),
  generateToken: adminProcedure
    .input(z.object({ label: visibleText(60) }))
    .mutation(({ ctx, input }) => generateScimToken({ ctx, input })),
  revokeToken: adminProcedure.mutation(({ ctx }) => revokeScimToken({ ctx })),
  requests: adminProcedure
    .input(z.object({ limit: limitInput.default(25) }))
    .query(({ ctx, input }) => listScimRequests({ ctx, input })),
  setRoleMappings: adminProcedure
    .input(z.object({ mappings: z.array(z.object({ groupName: visibleText(200), role: roleInput })).max(50) }))
    .mutation(({ ctx, input }) => setRoleMappings({ ctx, input })),
});
