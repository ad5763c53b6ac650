import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useNotice } from "../../components/Notice";
import { useMe } from "../../lib/auth";
import { queryClient, trpc, type inferOutput } from "../../lib/trpc";

export type User = inferOutput<typeof trpc.users.list>[number];
export type Role = "admin" | "member";
export type PendingAction = { kind: "remove" | "disable" | "unlink"; user: User } | null;

const refreshUsers = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });

/** The invite form's mutation: the list refreshes once the invitation exists. */
export function useInviteUser(onInvited: (email: string, inviteUrl: string) => void) {
  return useMutation({
    ...trpc.users.invite.mutationOptions(),
    onSuccess: async (result, variables) => {
      onInvited(variables.email, result.inviteUrl);
      await refreshUsers();
    },
  });
}

/**
 * The Users page's data and mutations: the list, connection labels, the invitation link to show,
 * the status notice, and the confirm dialog's pending action (remove, disable, unlink SSO).
 */
export function useUsers() {
  const { data: me } = useMe();
  const users = useQuery(trpc.users.list.queryOptions());
  const connections = useQuery(trpc.sso.list.queryOptions());
  const connectionLabel = (id: string) => connections.data?.find((c) => c.id === id)?.label ?? "SSO";
  const [invited, setInvited] = useState<{ email: string; inviteUrl: string } | null>(null);
  const { notice, show: setNotice, clear: clearNotice } = useNotice();
  const [pending, setPending] = useState<PendingAction>(null);

  const setRole = useMutation({
    ...trpc.users.setRole.mutationOptions(),
    onSuccess: async (_r, v) => {
      // Announce once the table shows the new role, not before.
      await refreshUsers();
      setNotice(`Role changed to ${v.role === "admin" ? "Administrator" : "Member"}.`);
    },
  });
  const resend = useMutation({
    ...trpc.users.resendInvite.mutationOptions(),
    onSuccess: async (result, variables) => {
      const user = users.data?.find((u) => u.id === variables.userId);
      setInvited({ email: user?.email ?? "the user", inviteUrl: result.inviteUrl });
      await refreshUsers();
    },
  });
  /** After a confirmed action: close the dialog, refresh, then focus the outcome (the button that had focus is gone). */
  const afterConfirmed = (fallback: string, message: (email: string) => string) => async () => {
    const email = pending?.user.email ?? fallback;
    setPending(null);
    await refreshUsers();
    setNotice(message(email), true);
  };
  const disable = useMutation({
    ...trpc.users.disable.mutationOptions(),
    onSuccess: afterConfirmed("The user", (email) => `${email} was disabled and signed out.`),
  });
  const remove = useMutation({
    ...trpc.users.remove.mutationOptions(),
    onSuccess: afterConfirmed("The user", (email) => `${email} was removed.`),
  });
  const unlink = useMutation({
    ...trpc.users.unlinkSso.mutationOptions(),
    onSuccess: afterConfirmed("the user", (email) => `The SSO identity of ${email} was unlinked. Their next SSO sign-in links it again.`),
  });
  const dialogMutation = pending?.kind === "remove" ? remove : pending?.kind === "disable" ? disable : unlink;

  return {
    me,
    users,
    connectionLabel,
    invited,
    /** A fresh invitation replaces any notice with its link. */
    showInvitation: (email: string, inviteUrl: string) => {
      clearNotice();
      setInvited({ email, inviteUrl });
    },
    notice,
    pending,
    setPending,
    setRole,
    resend,
    rowError: setRole.error ?? resend.error,
    dialogMutation,
    cancelPending: () => {
      setPending(null);
      remove.reset();
      disable.reset();
      unlink.reset();
    },
    confirmPending: () => {
      if (!pending) return;
      if (pending.kind === "remove") remove.mutate({ userId: pending.user.id });
      else if (pending.kind === "disable") disable.mutate({ userId: pending.user.id });
      else unlink.mutate({ userId: pending.user.id });
    },
  };
}
