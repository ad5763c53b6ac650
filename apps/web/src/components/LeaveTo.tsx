import { useEffect } from "react";
import { Loading } from "./Loading";

/**
 * A full page load to `href`, replacing this history entry: for pages outside the SPA's router,
 * i.e. the sign-in page, which is its own entry (login.html).
 */
export function LeaveTo({ href }: { href: string }) {
  useEffect(() => {
    window.location.replace(href);
  }, [href]);
  return <Loading />;
}
