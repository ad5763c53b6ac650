/* global process, console */
// Baseline: a Fastify route doing one indexed select through postgres.js (same pool size as the
// API), in its own process. DATABASE_URL is the bench database. Prints "listening <url>".
import Fastify from "fastify";
import postgres from "postgres";

const sql = postgres(process.env.DATABASE_URL ?? "", { max: 10, onnotice: () => undefined });
const app = Fastify({ logger: false });
app.get("/user", async (request) => {
  const email = String(request.query.email ?? "");
  const rows = await sql`select id, organization_id, status from users where lower(email) = ${email}`;
  return { found: rows.length };
});
const url = await app.listen({ host: "127.0.0.1", port: 0 });
console.log(`listening ${url}`);
process.once("SIGTERM", () => void app.close().then(() => sql.end({ timeout: 2 })).then(() => process.exit(0)));
