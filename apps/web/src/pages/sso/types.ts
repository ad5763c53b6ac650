import type { inferOutput, trpc } from "../../lib/trpc";

export type Connection = inferOutput<typeof trpc.sso.list>[number];
