import type { ReactNode } from "react";
import { PageHeading } from "./PageHeading";

/** The signed-out card (sign-in, invitation): brand, the page's <h1>, then the content. */
export function AuthShell({ title, heading, children }: { title: string; heading: ReactNode; children: ReactNode }) {
  return (
    <div className="auth-page">
      <main id="main" className="auth-card">
        <p className="brand brand-center">
          <span className="brand-mark" aria-hidden="true">
            J
          </span>
          JAMS IMES
        </p>
        <PageHeading title={title}>{heading}</PageHeading>
        {children}
      </main>
    </div>
  );
}
