import { z } from "zod";

/** Shape checks only; normalisation (and its failure code) happens in the domain. */
export const emailInput = z.string().trim().min(3).max(254);
// argon2 cost is per call, so cap the input: nobody needs a 1 MB password.
export const passwordInput = z.string().min(1).max(1024);
export const tokenInput = z.string().min(1).max(200);
export const roleInput = z.enum(["admin", "member"]);
export const limitInput = z.number().int().min(1).max(200);
