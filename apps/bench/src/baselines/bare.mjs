/* global process, console */
// Baseline: a bare Fastify route, in its own process like the API. Prints "listening <url>".
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/ping", () => ({ ok: true }));
const url = await app.listen({ host: "127.0.0.1", port: 0 });
console.log(`listening ${url}`);
process.once("SIGTERM", () => void app.close().then(() => process.exit(0)));
