import { useMutation } from "@tanstack/react-query";
import { invalidateSsoQueries } from "../../lib/sso-queries";
import { trpc } from "../../lib/trpc";

/** Enable/disable, delete and Test sign-in for the connections on the SSO page. */
export function useConnectionActions({ onToggled, onDeleted }: { onToggled: (label: string, enabled: boolean) => void; onDeleted: () => Promise<void> }) {
  const setEnabled = useMutation({
    ...trpc.sso.setEnabled.mutationOptions(),
    onSuccess: async (saved) => {
      onToggled(saved.label, saved.enabled);
      await invalidateSsoQueries();
    },
  });
  const remove = useMutation({ ...trpc.sso.delete.mutationOptions(), onSuccess: onDeleted });
  const testSignIn = useMutation({
    ...trpc.sso.testSignIn.mutationOptions(),
    onSuccess: (result) => window.location.assign(result.redirectUrl),
  });
  return { setEnabled, remove, testSignIn };
}
