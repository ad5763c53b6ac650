import { Link } from "react-router";
import { PageHeading } from "../components/PageHeading";

export default function NotFoundPage() {
  return (
    <section className="page">
      <PageHeading title="Page not found">Page not found</PageHeading>
      <p>There is nothing at this address.</p>
      <p>
        <Link to="/dashboard">Go to the dashboard</Link>
      </p>
    </section>
  );
}
