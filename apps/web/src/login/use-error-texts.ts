import { useEffect, useState } from "react";
import type { ErrorDescription } from "../lib/errors";

export interface ErrorTexts {
  describeError: (error: unknown) => ErrorDescription;
  describeLoginError: (value: string) => ErrorDescription;
}

// When even this chunk cannot be fetched (the network went away), still say that something failed.
const unreachable: ErrorDescription = {
  code: undefined,
  title: "Network error",
  message: "Could not reach JAMS IMES. Check your connection and try again.",
};
const fallback: ErrorTexts = { describeError: () => unreachable, describeLoginError: () => unreachable };

let loading: Promise<ErrorTexts> | undefined;

/**
 * The error texts (lib/errors and the SSO error catalogue, ≈ 5 KB gzip) in a chunk of their own,
 * fetched only once the sign-in page has an error to show (`needed`): most sign-ins never show
 * one, and the page's JavaScript budget is 80 KB. Undefined until loaded.
 */
export function useErrorTexts(needed: boolean): ErrorTexts | undefined {
  const [texts, setTexts] = useState<ErrorTexts | undefined>(undefined);
  useEffect(() => {
    if (!needed || texts) return;
    let live = true;
    loading ??= import("../lib/errors").catch(() => fallback);
    void loading.then((loaded) => {
      if (live) setTexts(loaded);
    });
    return () => {
      live = false;
    };
  }, [needed, texts]);
  return texts;
}
