// Forgotten password against a real database. No SMTP_URL here: mails stay in OutboxEmail (the
// local outbox), which is where the tests read the link from.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { completePasswordReset, isResetTokenUsable, requestPasswordReset, RESET_MESSAGES, RESET_RULES } from "@/lib/auth/password-reset";
import { passwordStep } from "@/lib/auth/sign-in";
import { verifySecondFactor } from "@/lib/auth/second-factor";
import { setLocked } from "@/lib/auth/users";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { createSession } from "@/lib/session/store";
import { hashToken } from "@/lib/session/token";
import { validateSessionToken } from "@/lib/session/validate";
import { deliverPending } from "@/lib/notify/mail";
import { makeUser, meta } from "../support/fixtures";

const NEW_PASSWORD = "a brand new long passphrase 42";

let ipSeq = 0;
/** A fresh source address per request, so the per-IP limit only applies where a test wants it. */
const freshIp = () => `198.18.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

async function outboxFor(email: string) {
  return db().outboxEmail.findMany({ where: { to: email }, orderBy: { createdAt: "asc" }, select: { subject: true, text: true, html: true, sentAt: true, attempts: true } });
}

/** Requests a reset and returns the token from the link in the queued mail. */
async function requestAndReadToken(email: string, ip = freshIp()): Promise<string> {
  await requestPasswordReset(email, meta(ip));
  const mails = (await outboxFor(email)).filter((m) => m.subject === "Reset your SessionGuard password");
  const last = mails[mails.length - 1];
  const m = last?.text.match(/\/reset-password\?token=([A-Za-z0-9_-]{43})/);
  if (!m?.[1]) throw new Error("no reset link in the outbox");
  return m[1];
}

describe("requesting a reset", () => {
  it("answers a known and an unknown address the same way; only the known one gets a row and a mail", async () => {
    const u = await makeUser();
    const unknown = `nobody-${Date.now()}@example.test`;
    const resetsBefore = await db().passwordReset.count();
    const mailsBefore = await db().outboxEmail.count();

    await expect(requestPasswordReset(unknown, meta(freshIp()))).resolves.toBeUndefined();
    expect(await db().passwordReset.count()).toBe(resetsBefore);
    expect(await db().outboxEmail.count()).toBe(mailsBefore);

    await expect(requestPasswordReset(`  ${u.email.toUpperCase()} `, meta(freshIp()))).resolves.toBeUndefined();
    expect(await db().passwordReset.count({ where: { userId: u.userId } })).toBe(1);
    const [mail] = await outboxFor(u.email);
    expect(mail!.subject).toBe("Reset your SessionGuard password");
    expect(mail!.text).toContain(`${config().APP_URL}/reset-password?token=`);
    expect(mail!.text).toContain("30 minutes");
    expect(await db().securityEvent.count({ where: { userId: u.userId, type: "password.reset_requested" } })).toBe(1);
  });

  it("stores only the token's hash, valid for 30 minutes", async () => {
    const u = await makeUser();
    const token = await requestAndReadToken(u.email);
    const row = await db().passwordReset.findFirstOrThrow({ where: { userId: u.userId } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const ttl = row.expiresAt.getTime() - row.createdAt.getTime();
    expect(ttl).toBe(30 * 60 * 1000);
    expect(row.usedAt).toBeNull();
  });

  it("without SMTP the mail stays in the outbox table (kept, not failed)", async () => {
    const u = await makeUser();
    await requestAndReadToken(u.email);
    const r = await deliverPending();
    expect(r.sent).toBe(0);
    expect(r.failed).toBe(0);
    expect(r.kept).toBeGreaterThanOrEqual(1);
    const [mail] = await outboxFor(u.email);
    expect(mail!.sentAt).toBeNull();
    expect(mail!.attempts).toBe(0);
  });

  it("does nothing for a locked account (same outcome for the caller)", async () => {
    const u = await makeUser();
    await setLocked(u.userId, true, "test");
    await expect(requestPasswordReset(u.email, meta(freshIp()))).resolves.toBeUndefined();
    expect(await db().passwordReset.count({ where: { userId: u.userId } })).toBe(0);
    expect(await outboxFor(u.email)).toEqual([]);
  });

  it("limits requests per source address and per account address, silently", async () => {
    // Per IP: 5 in 15 minutes, across different accounts.
    const ip = freshIp();
    const users = await Promise.all(Array.from({ length: RESET_RULES.ip.points + 1 }, () => makeUser()));
    for (const u of users) await expect(requestPasswordReset(u.email, meta(ip))).resolves.toBeUndefined();
    const made = await Promise.all(users.map((u) => db().passwordReset.count({ where: { userId: u.userId } })));
    expect(made).toEqual([...Array(RESET_RULES.ip.points).fill(1), 0]);

    // Per account: 10 an hour, from any number of addresses (the owner is alerted: takeover-abuse.test.ts).
    const v = await makeUser();
    for (let i = 0; i < RESET_RULES.account.points + 2; i++) await requestPasswordReset(v.email, meta(freshIp()));
    expect(await db().passwordReset.count({ where: { userId: v.userId } })).toBe(RESET_RULES.account.points);
    expect((await outboxFor(v.email)).filter((m) => m.subject === "Reset your SessionGuard password").length).toBe(RESET_RULES.account.points);

    // Per requester address and account: 3 an hour.
    const w = await makeUser();
    const one = freshIp();
    for (let i = 0; i < RESET_RULES.ipAccount.points + 1; i++) await requestPasswordReset(w.email, meta(one));
    expect(await db().passwordReset.count({ where: { userId: w.userId } })).toBe(RESET_RULES.ipAccount.points);

    const throttled = await db().securityEvent.findMany({ where: { type: "password.reset_requested" }, select: { details: true } });
    expect(throttled.filter((e) => JSON.parse(e.details).outcome === "throttled").length).toBeGreaterThanOrEqual(3);
  });
});

describe("completing a reset", () => {
  it("changes the password, ends every session and pending sign-in, and still requires the second factor", async () => {
    const u = await makeUser();
    const s1 = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta("192.0.2.1") });
    const s2 = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta("192.0.2.2") });
    // An attacker who knows the old password is half-way through signing in.
    const half = await passwordStep({ email: u.email, password: u.password }, meta("192.0.2.66"));
    if (!half.ok) throw new Error(half.message);
    expect((await validateSessionToken(s1.token, meta("192.0.2.1"))).ok).toBe(true);

    const token = await requestAndReadToken(u.email);
    expect(await completePasswordReset(token, NEW_PASSWORD, meta("192.0.2.9"))).toEqual({ ok: true, factorDiscarded: false });

    for (const s of [s1, s2]) {
      const v = await validateSessionToken(s.token, meta("192.0.2.1"));
      expect(v.ok).toBe(false);
    }
    const ended = await db().session.findMany({ where: { userId: u.userId }, select: { status: true, endedBy: true, endedReason: true } });
    expect(ended).toEqual([
      { status: "revoked", endedBy: "system", endedReason: "password_reset" },
      { status: "revoked", endedBy: "system", endedReason: "password_reset" },
    ]);
    // The half-finished sign-in cannot be completed with a code any more.
    const late = await verifySecondFactor({ pendingId: half.pendingId, userId: u.userId, purpose: half.purpose }, { kind: "totp", code: u.code() }, meta("192.0.2.66"));
    expect(late.ok).toBe(false);
    expect(await db().pendingSignIn.count({ where: { userId: u.userId, consumedAt: null } })).toBe(0);

    // Old password: refused. New password: only a pending state for the code step (MFA stays).
    expect(await passwordStep({ email: u.email, password: u.password }, meta(freshIp()))).toEqual({ ok: false, message: AUTH_ERRORS.invalid_credentials });
    const ip = freshIp();
    const next = await passwordStep({ email: u.email, password: NEW_PASSWORD }, meta(ip));
    expect(next).toMatchObject({ ok: true, purpose: "mfa" });
    if (!next.ok) return;
    expect(await db().session.count({ where: { userId: u.userId, status: "active" } })).toBe(0);
    const done = await verifySecondFactor({ pendingId: next.pendingId, userId: u.userId, purpose: next.purpose }, { kind: "totp", code: u.code(Math.floor(Date.now() / 1000) + 30) }, meta(ip));
    expect(done.ok).toBe(true);

    // The account records it and the user is told (in-app and by mail).
    const user = await db().user.findUniqueOrThrow({ where: { id: u.userId }, select: { passwordChangedAt: true } });
    expect(user.passwordChangedAt).not.toBeNull();
    expect(await db().notification.count({ where: { userId: u.userId, kind: "password_changed" } })).toBe(1);
    const changedMail = (await outboxFor(u.email)).find((m) => m.subject === "Your SessionGuard password was changed");
    expect(changedMail).toBeDefined();
    expect(changedMail!.text).not.toContain(token);
    expect(await db().securityEvent.count({ where: { userId: u.userId, type: "password.reset_completed" } })).toBe(1);
  });

  it("a link works once, also under concurrent submissions; other outstanding links die with it", async () => {
    const u = await makeUser();
    const older = await requestAndReadToken(u.email);
    const token = await requestAndReadToken(u.email);
    const results = await Promise.all([0, 1, 2].map((i) => completePasswordReset(token, `${NEW_PASSWORD} ${i}`, meta(freshIp()))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, message: RESET_MESSAGES.invalidLink },
      { ok: false, message: RESET_MESSAGES.invalidLink },
    ]);
    expect(await completePasswordReset(token, "yet another passphrase 77", meta(freshIp()))).toEqual({ ok: false, message: RESET_MESSAGES.invalidLink });
    expect(await isResetTokenUsable(older)).toBe(false);
    expect(await completePasswordReset(older, "yet another passphrase 77", meta(freshIp()))).toEqual({ ok: false, message: RESET_MESSAGES.invalidLink });
    expect(await db().passwordReset.count({ where: { userId: u.userId, usedAt: null } })).toBe(0);
  });

  it("refuses an expired link and leaves the password alone", async () => {
    const u = await makeUser();
    const token = await requestAndReadToken(u.email);
    expect(await isResetTokenUsable(token)).toBe(true);
    const later = new Date(Date.now() + 31 * 60 * 1000);
    expect(await isResetTokenUsable(token, later)).toBe(false);
    expect(await completePasswordReset(token, NEW_PASSWORD, meta(freshIp()), later)).toEqual({ ok: false, message: RESET_MESSAGES.invalidLink });
    expect((await passwordStep({ email: u.email, password: u.password }, meta(freshIp()))).ok).toBe(true);
  });

  it("refuses malformed and unknown tokens", async () => {
    for (const bad of ["", "short", "x".repeat(43), `${"A".repeat(42)}!`, "A".repeat(500)]) {
      expect(await completePasswordReset(bad, NEW_PASSWORD, meta(freshIp()))).toEqual({ ok: false, message: RESET_MESSAGES.invalidLink });
    }
  });

  it("applies the password policy without spending the link", async () => {
    const u = await makeUser();
    const token = await requestAndReadToken(u.email);
    expect(await completePasswordReset(token, "short", meta(freshIp()))).toEqual({ ok: false, message: AUTH_ERRORS.password_too_short });
    expect(await completePasswordReset(token, "password123", meta(freshIp()))).toEqual({ ok: false, message: AUTH_ERRORS.password_common });
    expect(await completePasswordReset(token, u.email, meta(freshIp()))).toEqual({ ok: false, message: AUTH_ERRORS.password_contains_email });
    expect(await isResetTokenUsable(token)).toBe(true);
    expect(await completePasswordReset(token, NEW_PASSWORD, meta(freshIp()))).toEqual({ ok: true, factorDiscarded: false });
  });

  it("refuses a link of an account locked after the request", async () => {
    const u = await makeUser();
    const token = await requestAndReadToken(u.email);
    await setLocked(u.userId, true, "test");
    expect(await completePasswordReset(token, NEW_PASSWORD, meta(freshIp()))).toEqual({ ok: false, message: RESET_MESSAGES.invalidLink });
  });
});
