import { createTransport } from "nodemailer";
import type { Mailer } from "../domain/deps";

/** The production Mailer: SMTP through nodemailer (the domain only knows the interface). */
export function createSmtpMailer(smtp: { url: string; from: string }): Mailer {
  const transport = createTransport({
    url: smtp.url,
    // Bounded, so a slow mail server can never hold an admin's request open.
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  });
  return {
    async send(message) {
      await transport.sendMail({ from: smtp.from, ...message });
    },
  };
}
