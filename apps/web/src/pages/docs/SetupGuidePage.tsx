import { useEffect } from "react";
import { Link, NavLink, useLocation, useParams } from "react-router";
import { PageHeading } from "../../components/PageHeading";
import { ProviderLogo } from "../../components/ProviderLogo";
import { GUIDES } from "./guides";

/** /docs/sso/:provider — the customer setup guides, readable inside the product. */
export default function SetupGuidePage() {
  const { provider } = useParams();
  const location = useLocation();
  const guide = GUIDES.find((g) => g.id === provider) ?? GUIDES[0];
  useEffect(() => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    if (target) {
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    }
  }, [location.hash, guide?.id]);
  if (!guide) return null;
  const Body = guide.body;
  return (
    <div className="page stack guide">
      <PageHeading title={`Set up SSO with ${guide.name}`}>
        <span className="guide-title">
          <ProviderLogo id={guide.id} size={32} />
          Set up SSO with {guide.name}
        </span>
      </PageHeading>
      <nav aria-label="Setup guides" className="guide-tabs">
        {GUIDES.map((g) => (
          <NavLink key={g.id} to={`/docs/sso/${g.id}`}>
            {g.name}
          </NavLink>
        ))}
      </nav>
      <p className="lead">
        About {guide.minutes} minutes. You create an OpenID Connect application at {guide.name}, paste three values into JAMS IMES at{" "}
        <Link to="/integrations/sso">/integrations/sso</Link>, test it, and can then enforce SSO. The page there follows the same steps.
        Errors are explained in the <Link to="/docs/sso-errors">SSO error reference</Link>.
      </p>
      <Body />
    </div>
  );
}
