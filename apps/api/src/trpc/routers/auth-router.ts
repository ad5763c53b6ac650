import { z } from "zod";
import { acceptInvitation, getInvitation } from "../../domain/users/invitation-acceptance";
import { discoverSignIn } from "../../domain/auth/discover";
import { getMe } from "../../domain/auth/me";
import { logout } from "../../domain/auth/logout";
import { loginWithPassword } from "../../domain/auth/password-login";
import { getSessionEnded } from "../../domain/sessions/session-ended";
import { startSsoSignIn } from "../../domain/sso/start-sso";
import { publicProcedure, router } from "../init";
import { emailInput, passwordInput, tokenInput } from "./inputs";

export const authRouter = router({
  discover: publicProcedure
    .input(z.object({ email: emailInput }))
    .mutation(({ ctx, input }) => discoverSignIn({ ctx, input })),
  startSso: publicProcedure
    .input(
      z.object({
        connectionId: z.uuid(),
        email: emailInput.optional(),
        returnTo: z.string().max(2048).optional(),
      }),
    )
    .mutation(({ ctx, input }) => startSsoSignIn({ ctx, input })),
  passwordLogin: publicProcedure
    .input(z.object({ email: emailInput, password: passwordInput }))
    .mutation(({ ctx, input }) => loginWithPassword({ ctx, input })),
  me: publicProcedure.query(({ ctx }) => getMe({ ctx })),
  logout: publicProcedure.mutation(({ ctx }) => logout({ ctx })),
  sessionEnded: publicProcedure.query(({ ctx }) => getSessionEnded({ ctx })),
  invitation: publicProcedure
    .input(z.object({ token: tokenInput }))
    .query(({ ctx, input }) => getInvitation({ ctx, input })),
  acceptInvite: publicProcedure
    .input(z.object({ token: tokenInput, password: passwordInput.optional() }))
    .mutation(({ ctx, input }) => acceptInvitation({ ctx, input })),
});
