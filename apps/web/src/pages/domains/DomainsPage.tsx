import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorCallout } from "../../components/ErrorCallout";
import { Notice, useNotice } from "../../components/Notice";
import { PageHeading } from "../../components/PageHeading";
import { QueryContent } from "../../components/QueryContent";
import { TextField } from "../../components/TextField";
import { describeError } from "../../lib/errors";
import { queryClient, trpc } from "../../lib/trpc";
import { DomainRecord, type DomainView } from "./DomainRecord";

/** /integrations/domains: claim email domains by DNS TXT record. */
export default function DomainsPage() {
  const domains = useQuery(trpc.domains.list.queryOptions());
  const [domain, setDomain] = useState("");
  const [removing, setRemoving] = useState<DomainView | null>(null);
  const { notice, show: setNotice } = useNotice();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.domains.list.queryKey() });
  const add = useMutation({
    ...trpc.domains.add.mutationOptions(),
    onSuccess: async (added) => {
      setDomain("");
      await refresh();
      setNotice(`${added.domain} added. Publish its TXT record, then verify.`);
    },
  });
  const remove = useMutation({
    ...trpc.domains.remove.mutationOptions(),
    onSuccess: async () => {
      const name = removing?.domain ?? "The domain";
      setRemoving(null);
      await refresh();
      setNotice(`${name} removed.`);
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ domain: domain.trim() });
  };
  return (
    <div className="stack">
      <PageHeading title="Domains">Email domains</PageHeading>
      <p className="lead">
        Verify the email domains your organisation owns. Once a domain is verified, every address on it signs in through your
        organisation's settings, and no other organisation can invite or add people with those addresses.
      </p>
      <section className="card" aria-labelledby="add-domain-heading">
        <h2 id="add-domain-heading">Add a domain</h2>
        <form className="stack" onSubmit={onSubmit}>
          <TextField
            label="Domain"
            placeholder="example.com"
            autoComplete="off"
            spellCheck={false}
            required
            value={domain}
            onChange={(e) => setDomain(e.target.value)}
          />
          <div aria-live="assertive">{add.error ? <ErrorCallout error={describeError(add.error)} /> : null}</div>
          <div className="actions">
            <button type="submit" className="button" disabled={add.isPending || domain.trim() === ""}>
              {add.isPending ? "Adding…" : "Add domain"}
            </button>
          </div>
        </form>
      </section>
      <Notice notice={notice} />
      <section className="stack" aria-labelledby="domains-heading">
        <h2 id="domains-heading">Your domains</h2>
        <QueryContent query={domains} isEmpty={(list) => list.length === 0} empty={<p>No domains yet.</p>}>
          {(list) => list.map((item) => <DomainRecord key={item.id} domain={item} onRemove={setRemoving} />)}
        </QueryContent>
      </section>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.domain ?? "domain"}?`}
        confirmLabel="Remove domain"
        danger
        busy={remove.isPending}
        onConfirm={() => removing && remove.mutate({ domainId: removing.id })}
        onCancel={() => setRemoving(null)}
      >
        <p>Other organisations will be able to invite people on this domain again until you verify it anew.</p>
      </ConfirmDialog>
    </div>
  );
}
