import dns2 from "dns2";

/**
 * A real DNS server on 127.0.0.1 (UDP, random port) answering TXT questions from a map the
 * test controls, so domain verification runs through node:dns exactly as in production. Shared
 * by the API's domain tests and the SPA's browser test, next to the dev IdP (test tooling only).
 */
export interface TestDnsServer {
  /** `ip:port`, for DOMAIN_DNS_SERVERS. */
  address: string;
  txt: Map<string, string[]>;
  /** Names answered with SERVFAIL. */
  failing: Set<string>;
  close(): Promise<void>;
}

export async function startTestDnsServer(): Promise<TestDnsServer> {
  const txt = new Map<string, string[]>();
  const failing = new Set<string>();
  const { Packet } = dns2;
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question?.name.toLowerCase() ?? "";
      if (failing.has(name)) {
        response.header.rcode = Packet.RCODE.SERVFAIL;
      } else if (question?.type === Packet.TYPE.TXT) {
        for (const value of txt.get(name) ?? []) {
          // Plain records are what dns2 encodes (its README's way); its typings ask for toBuffer.
          const record = { name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 60, data: value };
          response.answers.push(record as unknown as (typeof response.answers)[number]);
        }
      }
      void send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: "127.0.0.1" } });
  const port = addresses.udp?.port;
  if (!port) throw new Error("test DNS server did not report its port");
  return { address: `127.0.0.1:${port}`, txt, failing, close: () => server.close() };
}
