import { Link } from "react-router";
import { ErrorCalloutView, type ErrorCalloutProps } from "./ErrorCalloutView";

const routerLink = (href: string, text: string) => <Link to={href}>{text}</Link>;

/** The SPA's error callout: its link into the error reference navigates client-side. */
export function ErrorCallout(props: ErrorCalloutProps) {
  return <ErrorCalloutView {...props} docsLink={routerLink} />;
}
