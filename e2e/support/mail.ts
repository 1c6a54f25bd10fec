// Read-only look at the e2e server's outbox. The e2e server runs without SMTP_URL, so every mail
// it "sends" stays in the OutboxEmail table: that is the inbox these tests read.
import Database from "better-sqlite3";
import { E2E_DB_FILE } from "./env";

export interface OutboxMail {
  to: string;
  subject: string;
  text: string;
}

export function readOutbox(to: string): OutboxMail[] {
  const db = new Database(E2E_DB_FILE, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT "to", "subject", "text" FROM "OutboxEmail" WHERE "to" = ? ORDER BY "createdAt" ASC, "id" ASC`).all(to) as OutboxMail[];
  } finally {
    db.close();
  }
}

/** The reset link in the newest reset mail to `to`, polling until it arrives. */
export async function resetLinkFor(to: string, timeoutMs = 10_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const mails = readOutbox(to).filter((m) => m.subject === "Reset your SessionGuard password");
    const link = mails.at(-1)?.text.match(/https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]{43}/)?.[0];
    if (link) return link;
    if (Date.now() > end) throw new Error(`no reset mail to ${to} in the outbox`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The confirmation link in the newest sign-up mail to `to` (the mailbox proof), polling until it arrives. */
export async function signUpLinkFor(to: string, timeoutMs = 10_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const mails = readOutbox(to).filter((m) => m.subject === "Confirm your email address for SessionGuard");
    const link = mails.at(-1)?.text.match(/https?:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]{43}/)?.[0];
    if (link) return link;
    if (Date.now() > end) throw new Error(`no sign-up confirmation mail to ${to} in the outbox`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
