import { createServer } from "node:net";

/**
 * A loopback port that was free a moment ago. Test stacks, the bench and the demo need a port
 * before the server listens (PUBLIC_URL and the IdP's redirect URIs name it). It lives here
 * because the dev IdP package is the one test-infrastructure package every stack already
 * depends on (never a production dependency); a package of its own for ten lines would not pay.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
