import { z } from "zod";
import { inviteUser, resendInvite } from "../../domain/users/invite-user";
import { listUsers } from "../../domain/users/list-users";
import { disableUser, removeUser, setUserRole } from "../../domain/users/manage-users";
import { unlinkUserSso } from "../../domain/users/unlink-sso";
import { adminProcedure, router } from "../init";
import { emailInput, roleInput } from "./inputs";

const userIdInput = z.object({ userId: z.uuid() });

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers({ ctx })),
  invite: adminProcedure
    .input(z.object({ email: emailInput, name: z.string().trim().max(200).optional(), role: roleInput.default("member") }))
    .mutation(({ ctx, input }) => inviteUser({ ctx, input })),
  resendInvite: adminProcedure.input(userIdInput).mutation(({ ctx, input }) => resendInvite({ ctx, input })),
  setRole: adminProcedure
    .input(z.object({ userId: z.uuid(), role: roleInput }))
    .mutation(({ ctx, input }) => setUserRole({ ctx, input })),
  disable: adminProcedure.input(userIdInput).mutation(({ ctx, input }) => disableUser({ ctx, input })),
  remove: adminProcedure.input(userIdInput).mutation(({ ctx, input }) => removeUser({ ctx, input })),
  unlinkSso: adminProcedure
    .input(z.object({ userId: z.uuid(), connectionId: z.uuid().optional() }))
    .mutation(({ ctx, input }) => unlinkUserSso({ ctx, input })),
});
