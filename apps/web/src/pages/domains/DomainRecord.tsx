import { useMutation } from "@tanstack/react-query";
import { CopyRow } from "../../components/CopyButton";
import { ErrorCallout } from "../../components/ErrorCallout";
import { Time } from "../../components/Time";
import { describeError } from "../../lib/errors";
import { queryClient, trpc, type inferOutput } from "../../lib/trpc";

export type DomainView = inferOutput<typeof trpc.domains.list>[number];

const CHECK_TEXT: Record<string, string> = {
  domain_txt_missing: "The TXT record was not found (yet). DNS changes can take a few minutes to appear; check the name and value, then verify again.",
  domain_dns_failed: "The DNS lookup did not complete (timeout or server failure). Try again in a moment.",
  domain_verified_elsewhere: "Another organisation has already verified this domain. Contact support if you own it.",
};

/** One claimed domain: the TXT record to publish (with copy buttons), its state and actions. */
export function DomainRecord({ domain, onRemove }: { domain: DomainView; onRemove: (domain: DomainView) => void }) {
  const verify = useMutation({
    ...trpc.domains.verify.mutationOptions(),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: trpc.domains.list.queryKey() });
    },
  });
  const headingId = `domain-${domain.id}`;
  const lastCode = verify.data?.code ?? domain.lastCheckCode;
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <div className="card-header">
        <h3 id={headingId}>{domain.domain}</h3>
        <span className={`badge ${domain.verifiedAt ? "status-active" : "status-off"}`} data-testid="domain-status">
          {domain.verifiedAt ? "Verified" : "Not verified"}
        </span>
      </div>
      {domain.verifiedAt ? (
        <p>
          Verified by {domain.verifiedByEmail ?? "an administrator"} on <Time value={domain.verifiedAt} />. Sign-in discovery for every
          address on this domain now uses your organisation's settings, and no other organisation can add users on it.
        </p>
      ) : (
        <>
          <p>Add this TXT record at your DNS provider, then choose Verify now.</p>
          <dl className="stack-tight">
            <dt>Type</dt>
            <dd>
              <code>TXT</code>
            </dd>
            <dt>Name (host)</dt>
            <CopyRow value={domain.record.name} testId="txt-name" ariaLabel={`Copy TXT record name for ${domain.domain}`} as="dd" />
            <dt>Value</dt>
            <CopyRow value={domain.record.value} testId="txt-value" ariaLabel={`Copy TXT record value for ${domain.domain}`} as="dd" />
          </dl>
          <div aria-live="polite">
            {lastCode ? (
              <div className="callout callout-warning" role="status">
                <p className="callout-title">Not verified</p>
                <p>{CHECK_TEXT[lastCode] ?? lastCode}</p>
                {domain.lastCheckedAt ? (
                  <p className="callout-meta">
                    Last checked <Time value={domain.lastCheckedAt} />
                  </p>
                ) : null}
              </div>
            ) : null}
          </div>
        </>
      )}
      {domain.heldElsewhere.length > 0 ? (
        <div className="callout callout-warning">
          <p className="callout-title">Addresses on this domain that belong to another organisation</p>
          <p>They are not moved automatically. Ask these people which organisation they should belong to, then have them removed there.</p>
          <ul data-testid="held-elsewhere">
            {domain.heldElsewhere.map((user) => (
              <li key={user.email}>
                {user.email} ({user.status})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div aria-live="assertive">{verify.error ? <ErrorCallout error={describeError(verify.error)} /> : null}</div>
      <div className="actions">
        {domain.verifiedAt ? null : (
          <button type="button" className="button" disabled={verify.isPending} onClick={() => verify.mutate({ domainId: domain.id })}>
            {verify.isPending ? "Checking DNS…" : "Verify now"}
          </button>
        )}
        <button type="button" className="button button-danger-outline" onClick={() => onRemove(domain)}>
          Remove
        </button>
      </div>
    </section>
  );
}
