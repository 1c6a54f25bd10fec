// A real SMTP server on 127.0.0.1 (random port) for tests that need the mail exchange itself
// (smtp-server, as in tests/integration/alerts.test.ts). Mails are kept in `inbox`.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect } from "vitest";
import { SMTPServer } from "smtp-server";

export interface Received { from: string; to: string[]; raw: string }

export interface TestSmtp { url: string; inbox: Received[]; stop(): Promise<void> }

export async function startTestSmtp(): Promise<TestSmtp> {
  const inbox: Received[] = [];
  const s = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        inbox.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    s.server.once("error", reject);
    s.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (s.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, inbox, stop: () => new Promise<void>((resolve) => s.close(() => resolve())) };
}

/** The decoded text of every MIME part (quoted-printable / base64), plus the unfolded headers. */
export function readable(raw: string): string {
  const out = [raw.replace(/\r\n[ \t]+/g, " ")];
  const re = /Content-Transfer-Encoding: ([\w-]+)\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)(?=\r\n--|$)/gi;
  for (const m of raw.matchAll(re)) {
    const enc = (m[1] ?? "").toLowerCase();
    const body = m[2] ?? "";
    if (enc === "base64") out.push(Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8"));
    else if (enc === "quoted-printable") {
      const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      out.push(Buffer.from(bytes, "latin1").toString("utf8"));
    } else out.push(body);
  }
  return out.join("\n");
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * For a test file whose mail must go through a real SMTP exchange: starts the server before the
 * file's tests, points SMTP_URL (read by lib/config on first use) at it, and waits for the outbox
 * to settle before stopping it. Returns a getter (the server exists only once beforeAll ran).
 */
export function withTestSmtp(): () => TestSmtp {
  let smtp: TestSmtp | undefined;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    process.env.SMTP_URL = smtp.url;
    const { config } = await import("@/lib/config");
    expect(config().SMTP_URL).toBe(smtp.url);
  });
  afterAll(async () => {
    const { mailIdle } = await import("@/lib/notify/mail");
    await mailIdle();
    await smtp?.stop();
  });
  return () => {
    if (!smtp) throw new Error("the test SMTP server is not running (withTestSmtp() must be called at the top of the file)");
    return smtp;
  };
}
