/** Self-contained HTML for the sign-in page (no external assets, accessible labels). */

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export function signInPage(args: { action: string; loginHint?: string; error?: string; clientId: string }): string {
  const error = args.error ? `<p role="alert" class="error">${escapeHtml(args.error)}</p>` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in – JAMS dev IdP</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f4f5f7; display: grid; place-items: center; min-height: 100vh; margin: 0; }
  main { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; width: min(22rem, 90vw); }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; font-size: 1rem; }
  button { margin-top: 1.5rem; width: 100%; padding: .6rem; font-size: 1rem; background: #1662dd; color: #fff; border: 0; border-radius: 4px; }
  .error { color: #b00020; }
  small { color: #555; }
</style>
</head>
<body>
<main>
  <h1>Sign in</h1>
  <p><small>Development identity provider (Okta-like) for application <code>${escapeHtml(args.clientId)}</code></small></p>
  ${error}
  <form method="post" action="${escapeHtml(args.action)}" autocomplete="off">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" required autofocus value="${escapeHtml(args.loginHint ?? "")}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" required>
    <button type="submit">Sign in</button>
  </form>
</main>
</body>
</html>`;
}
