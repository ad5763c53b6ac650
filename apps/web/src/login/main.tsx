import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { LoginPage } from "./LoginPage";
import "../styles.css";

// The sign-in page is its own entry (login.html): it is every user's first download, so it
// carries React and the tRPC client but not the SPA's router, query cache or other pages.
const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from login.html");

createRoot(root).render(
  <StrictMode>
    <LoginPage />
  </StrictMode>,
);
