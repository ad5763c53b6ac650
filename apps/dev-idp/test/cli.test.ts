/** The CLI prints the issuer and exits cleanly on SIGTERM. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("starts, prints the issuer, serves discovery and exits 0 on SIGTERM", async () => {
  const cwd = fileURLToPath(new URL("..", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "--port", "0"], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  try {
    const issuer = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /issuer: (\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once("exit", (code) => reject(new Error(`exited early with ${String(code)}`)));
    });
    expect(issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2\/default$/);
    const doc = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string };
    expect(doc.issuer).toBe(issuer);
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});
