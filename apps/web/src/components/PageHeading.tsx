import { useEffect, useRef, type ReactNode } from "react";

let firstPage = true;

/**
 * The page's <h1>. It also sets the document title and, after client-side navigation, takes
 * keyboard focus so screen-reader users hear where they arrived (the initial load leaves focus
 * to the page, e.g. the login form's Email field).
 */
export function PageHeading({ children, title }: { children: ReactNode; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · JAMS IMES`;
    if (firstPage) {
      firstPage = false;
      return;
    }
    ref.current?.focus({ preventScroll: false });
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
