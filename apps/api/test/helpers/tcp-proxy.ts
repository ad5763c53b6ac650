/**
 * A TCP proxy the test controls, between the API and PostgreSQL: `cut` resets every connection
 * and refuses new ones (the database host vanished); `freeze` keeps connections open but
 * forwards nothing (a hung server or a black-holed network); `heal` goes back to forwarding.
 */
import net from "node:net";

export interface TcpProxy {
  port: number;
  mode: "forward" | "cut" | "freeze";
  cut(): void;
  freeze(): void;
  heal(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  interface Pair {
    client: net.Socket;
    upstream: net.Socket;
    /** Bytes held back while frozen, per direction, delivered in order on heal. */
    held: { toUpstream: Buffer[]; toClient: Buffer[] };
  }
  const pairs = new Set<Pair>();
  const proxy: TcpProxy = {
    port: 0,
    mode: "forward",
    cut() {
      proxy.mode = "cut";
      for (const { client, upstream } of pairs) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    freeze() {
      proxy.mode = "freeze";
    },
    heal() {
      proxy.mode = "forward";
      for (const { client, upstream, held } of pairs) {
        for (const chunk of held.toUpstream.splice(0)) upstream.write(chunk);
        for (const chunk of held.toClient.splice(0)) client.write(chunk);
      }
    },
    close: () =>
      new Promise((resolve) => {
        proxy.cut();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((client) => {
    if (proxy.mode === "cut") {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(targetPort, "127.0.0.1");
    const pair: Pair = { client, upstream, held: { toUpstream: [], toClient: [] } };
    pairs.add(pair);
    client.on("data", (chunk: Buffer) => {
      if (proxy.mode === "freeze") pair.held.toUpstream.push(chunk);
      else upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (proxy.mode === "freeze") pair.held.toClient.push(chunk);
      else client.write(chunk);
    });
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.port = (server.address() as net.AddressInfo).port;
  return proxy;
}
