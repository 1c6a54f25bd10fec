// Security alerts end to end: Notification rows, the OutboxEmail queue and a REAL SMTP exchange
// with an in-process smtp-server on 127.0.0.1 (random port). SMTP_URL is set before anything
// calls config() (lazy, cached per process; every test file runs in its own process).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { createSession } from "@/lib/session/store";
import { hashToken } from "@/lib/session/token";
import { deliverPending, mailIdle, queueMail } from "@/lib/notify/mail";
import { listNotifications, markNotificationsRead, notifyUser, recordSignInDevice, unreadCount } from "@/lib/notify/alerts";
import { makeUser, meta } from "../support/fixtures";
import { readable } from "../support/smtp";

const SMTP_USER = "mailer";
const SMTP_PASS = "smtp-Pa55-w0rd-never-logged";
const NEW_DEVICE_SUBJECT = "New sign-in to your SessionGuard account";

interface Received { from: string; to: string[]; raw: string; authUser?: string }
const inbox: Received[] = [];
let server: SMTPServer | undefined;
let port = 0;

function startSmtp(onPort: number): Promise<SMTPServer> {
  const s = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    // Plain TCP on loopback: no STARTTLS offer, so nodemailer does not try to upgrade.
    disabledCommands: ["STARTTLS"],
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) cb(null, { user: auth.username });
      else cb(new Error("bad credentials"));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          authUser: typeof session.user === "string" ? session.user : undefined,
        });
        cb();
      });
    },
  });
  return new Promise((resolve, reject) => {
    s.server.once("error", reject);
    s.listen(onPort, "127.0.0.1", () => resolve(s));
  });
}

const stopSmtp = (s: SMTPServer) => new Promise<void>((resolve) => s.close(() => resolve()));


async function waitFor<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const mailsTo = (email: string) => inbox.filter((m) => m.to.includes(email));
const ctx = (over: Partial<{ browser: string | null; os: string | null }> = {}) => ({ browser: "Chrome", os: "Windows", ip: "203.0.113.10", place: "Paris, France", at: new Date(), ...over });

beforeAll(async () => {
  server = await startSmtp(0);
  port = (server.server.address() as AddressInfo).port;
  process.env.SMTP_URL = `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${port}`;
  // Fails loudly if something read the configuration before this point.
  expect(config().SMTP_URL).toBe(process.env.SMTP_URL);
});

afterAll(async () => {
  await mailIdle();
  if (server) await stopSmtp(server);
});

describe("new-device alert over real SMTP", () => {
  it("delivers one mail to the user's address with the devices link and no session token", async () => {
    const u = await makeUser();
    const live = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });

    const r = await recordSignInDevice({ userId: u.userId, ...ctx() });
    expect(r.isNew).toBe(true);

    const [mail] = await waitFor(() => mailsTo(u.email).length > 0 && mailsTo(u.email), "the alert mail");
    expect(mailsTo(u.email)).toHaveLength(1);
    expect(mail!.to).toEqual([u.email]);
    expect(mail!.authUser).toBe(SMTP_USER); // the credentials in SMTP_URL were used
    const text = readable(mail!.raw);
    expect(text).toContain(`Subject: ${NEW_DEVICE_SUBJECT}`);
    expect(text).toContain(`${config().APP_URL}/account/devices`);
    expect(text).toContain("Chrome on Windows");
    expect(text).toContain("Paris, France");
    expect(text).not.toContain(live.token);
    expect(text).not.toContain(hashToken(live.token));

    await mailIdle();
    const row = await db().outboxEmail.findFirstOrThrow({ where: { to: u.email } });
    expect(row.sentAt).not.toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.lastError).toBeNull();
    const notes = await listNotifications(u.userId);
    expect(notes.map((n) => n.kind)).toEqual(["new_device"]);
    expect(notes[0]!.body).toContain("203.0.113.10");
    expect(await db().securityEvent.count({ where: { userId: u.userId, type: "alert.new_device" } })).toBe(1);
  });

  it("the same device again sends nothing; after 90 days unseen it is new again", async () => {
    const u = await makeUser();
    const first = new Date();
    expect((await recordSignInDevice({ userId: u.userId, ...ctx(), at: first })).isNew).toBe(true);
    await waitFor(() => mailsTo(u.email).length === 1, "the first alert");

    const again = await recordSignInDevice({ userId: u.userId, ...ctx({}), ip: "198.51.100.9", at: new Date(first.getTime() + 1000) });
    expect(again.isNew).toBe(false);
    await mailIdle();
    expect(await deliverPending()).toEqual({ sent: 0, failed: 0, kept: 0 });
    expect(mailsTo(u.email)).toHaveLength(1);
    expect(await db().outboxEmail.count({ where: { to: u.email } })).toBe(1);
    expect(await unreadCount(u.userId)).toBe(1);

    // An unknown browser counts as the family "Unknown", and is a device of its own.
    expect((await recordSignInDevice({ userId: u.userId, ...ctx({ browser: null }) })).isNew).toBe(true);
    expect((await recordSignInDevice({ userId: u.userId, ...ctx({ browser: null }) })).isNew).toBe(false);

    const later = new Date(first.getTime() + 91 * 24 * 60 * 60 * 1000);
    expect((await recordSignInDevice({ userId: u.userId, ...ctx(), at: later })).isNew).toBe(true);
    expect(await db().knownDevice.count({ where: { userId: u.userId } })).toBe(2);
    await waitFor(() => mailsTo(u.email).length === 3, "the later alerts");
  });

  it("two simultaneous sign-ins from one new device alert once", async () => {
    const u = await makeUser();
    const results = await Promise.all([0, 1, 2].map(() => recordSignInDevice({ userId: u.userId, ...ctx({ browser: "Edge" }) })));
    expect(results.filter((r) => r.isNew)).toHaveLength(1);
    await mailIdle();
    expect(await db().notification.count({ where: { userId: u.userId } })).toBe(1);
    expect(await db().outboxEmail.count({ where: { to: u.email } })).toBe(1);
  });

  it("two senders racing for the same due mail send it once (claim before send)", async () => {
    await mailIdle();
    const to = `race-${Date.now()}@example.test`;
    await queueMail({ to, subject: "race", text: "race", html: "<p>race</p>" });
    // The background pass started by queueMail is a fourth contender.
    await Promise.all([deliverPending(), deliverPending(), deliverPending()]);
    await mailIdle();
    await new Promise((r) => setTimeout(r, 200));
    expect(mailsTo(to)).toHaveLength(1);
    const row = await db().outboxEmail.findFirstOrThrow({ where: { to } });
    expect(row.attempts).toBe(1);
    expect(row.sentAt).not.toBeNull();
  });
});

describe("SMTP down", () => {
  it("keeps the mail with a backoff, never fails the caller, and sends it once SMTP is back", async () => {
    const u = await makeUser();
    const logs: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logs.push(String(chunk));
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;

    try {
      await stopSmtp(server!);
      server = undefined;
      const before = Date.now();
      // Nothing listens on the port now: the caller still just gets its answer.
      await expect(recordSignInDevice({ userId: u.userId, ...ctx({ browser: "Firefox", os: "Linux" }) })).resolves.toEqual({ isNew: true });

      const row = await waitFor(async () => {
        const r = await db().outboxEmail.findFirst({ where: { to: u.email } });
        return r && r.lastError !== null ? r : null;
      }, "the failed attempt");
      await mailIdle();
      expect(row.sentAt).toBeNull();
      expect(row.attempts).toBe(1);
      expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(row.lastError).not.toContain(SMTP_PASS);
      // First retry one minute later.
      expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 59_000);
      expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 61_000);
      expect(await db().notification.count({ where: { userId: u.userId, kind: "new_device" } })).toBe(1);

      // Due again (a minute "later"), still down: the second failure waits twice as long.
      const t2 = new Date(row.nextAttemptAt.getTime() + 1000);
      expect(await deliverPending(20, t2)).toMatchObject({ sent: 0, failed: 1 });
      const row2 = await db().outboxEmail.findUniqueOrThrow({ where: { id: row.id } });
      expect(row2.attempts).toBe(2);
      expect(row2.nextAttemptAt.getTime()).toBe(t2.getTime() + 120_000);
      expect(row2.sentAt).toBeNull();

      // Not due yet: nothing is attempted before the backoff elapses.
      expect(await deliverPending(20, new Date(t2.getTime() + 60_000))).toEqual({ sent: 0, failed: 0, kept: 0 });

      const joined = logs.join("");
      expect(joined).toContain("mail delivery failed");
      expect(joined).not.toContain(SMTP_PASS);

      // SMTP is back on the same address: the kept mail goes out, nothing was lost.
      server = await startSmtp(port);
      const t3 = new Date(row2.nextAttemptAt.getTime() + 1000);
      expect(await deliverPending(20, t3)).toMatchObject({ sent: 1, failed: 0 });
      expect(mailsTo(u.email)).toHaveLength(1);
      expect(readable(mailsTo(u.email)[0]!.raw)).toContain(`Subject: ${NEW_DEVICE_SUBJECT}`);
      const sent = await db().outboxEmail.findUniqueOrThrow({ where: { id: row.id } });
      expect(sent.sentAt).not.toBeNull();
      expect(sent.attempts).toBe(3);
    } finally {
      process.stderr.write = write;
    }
  });
});

describe("notifications", () => {
  it("notifyUser: mail: false gives an in-app alert only; an unknown user does not throw", async () => {
    const u = await makeUser();
    await notifyUser({ userId: u.userId, kind: "totp_changed", context: ctx(), mail: false });
    expect(await db().notification.count({ where: { userId: u.userId, kind: "totp_changed" } })).toBe(1);
    expect(await db().outboxEmail.count({ where: { to: u.email } })).toBe(0);
    await expect(notifyUser({ userId: "no-such-user", kind: "session_flagged", context: ctx() })).resolves.toBeUndefined();
  });

  it("escapes an attacker-controlled user agent in the queued HTML mail", async () => {
    const u = await makeUser();
    await notifyUser({ userId: u.userId, kind: "session_flagged", context: ctx({ browser: "<img src=x onerror=alert(1)>" }) });
    const row = await db().outboxEmail.findFirstOrThrow({ where: { to: u.email } });
    expect(row.html).not.toContain("<img");
    expect(row.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    await mailIdle();
  });

  it("markNotificationsRead only touches the owner's rows", async () => {
    const a = await makeUser();
    const b = await makeUser();
    for (const kind of ["new_device", "password_changed"] as const) {
      await notifyUser({ userId: a.userId, kind, context: ctx(), mail: false });
      await notifyUser({ userId: b.userId, kind, context: ctx(), mail: false });
    }
    const bIds = (await listNotifications(b.userId)).map((n) => n.id);
    expect(bIds).toHaveLength(2);

    // A's request naming B's ids changes nothing.
    expect(await markNotificationsRead(a.userId, bIds)).toBe(0);
    expect(await unreadCount(b.userId)).toBe(2);
    expect(await markNotificationsRead(a.userId, [])).toBe(0);

    // A's own id, then all of A's: B's stay unread.
    const [aFirst] = await listNotifications(a.userId);
    expect(await markNotificationsRead(a.userId, [aFirst!.id, ...bIds])).toBe(1);
    expect(await unreadCount(a.userId)).toBe(1);
    expect(await markNotificationsRead(a.userId)).toBe(1);
    expect(await unreadCount(a.userId)).toBe(0);
    expect(await unreadCount(b.userId)).toBe(2);
    expect(await listNotifications(a.userId, { unreadOnly: true })).toEqual([]);
    expect(await listNotifications(b.userId, { unreadOnly: true, limit: 1 })).toHaveLength(1);
  });
});
