// Issue 13 path 1: a replayed cookie changed the account's email silently. Now: a fresh code
// always, a single-use link to the NEW address (hashed, 30 min), a notice with "This wasn't me"
// to the OLD one at once. The mails go through a REAL SMTP exchange (smtp-server on loopback).
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { confirmWithPassword } from "@/lib/account/changes";
import { cancelEmailChange, confirmEmailChange, EMAIL_CHANGE_MESSAGES, requestEmailChange } from "@/lib/account/email-change";
import { createSession } from "@/lib/session/store";
import { hashToken } from "@/lib/session/token";
import { validateSessionToken } from "@/lib/session/validate";
import { deliverPending } from "@/lib/notify/mail";
import { EMAIL_CONFIRM_SUBJECT, EMAIL_NOTICE_SUBJECT } from "@/lib/notify/templates";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { passwordStep } from "@/lib/auth/sign-in";
import { makeUser, meta } from "../support/fixtures";
import { readable, withTestSmtp, waitFor } from "../support/smtp";

const testSmtp = withTestSmtp();

const ATTACKER = meta("198.51.100.66");
const nowSec = () => Math.floor(Date.now() / 1000);

async function victim() {
  const u = await makeUser();
  const requester = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: ATTACKER });
  const other = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta("192.0.2.10") });
  return { u, requester, other, s: { userId: u.userId, sessionId: requester.sessionId } };
}

/** Delivers the outbox over SMTP and returns the one mail with this subject to this address. */
async function mailTo(to: string, subject: string): Promise<string> {
  await deliverPending();
  const m = await waitFor(() => testSmtp().inbox.find((x) => x.to.includes(to) && readable(x.raw).includes(`Subject: ${subject}`)), `${subject} to ${to}`);
  return readable(m.raw);
}
/** The token of the link in the decoded text part (the raw, quoted-printable copy comes first). */
const linkToken = (text: string, path: string) => {
  const all = [...text.matchAll(new RegExp(`${path.replace(/\//g, "\\/")}\\?token=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`, "g"))];
  const m = all.at(-1);
  if (!m) throw new Error(`no ${path} link`);
  return m[1]!;
};
const currentEmail = async (userId: string) => (await db().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })).email;

describe("email change", () => {
  it("old rule: inside the fresh window the confirmation needed no password at all (main's changeEmail then wrote the address)", async () => {
    const { u } = await victim();
    expect(await confirmWithPassword(u.userId, undefined, true)).toBe(true);
  });

  it("new rule: without a code entered now the change is refused, whatever the freshness window", async () => {
    const { u, s } = await victim();
    const good = u.code();
    const r = await requestEmailChange(s, { email: `attacker-${Date.now()}@evil.test`, kind: "totp", code: good === "000000" ? "111111" : "000000" }, ATTACKER);
    expect(r).toMatchObject({ ok: false, message: AUTH_ERRORS.invalid_code, wrongCode: true });
    expect(await currentEmail(u.userId)).toBe(u.email);
    expect(await db().emailChange.count({ where: { userId: u.userId } })).toBe(0);
  });

  it("with a fresh code: nothing changes until the new address clicks; the old address is told at once; the link works once", async () => {
    const { u, s, requester, other } = await victim();
    const newEmail = `new-${Date.now()}@example.test`;
    const r = await requestEmailChange(s, { email: newEmail, kind: "totp", code: u.code() }, ATTACKER);
    expect(r).toEqual({ ok: true, message: EMAIL_CHANGE_MESSAGES.requested });
    expect(await currentEmail(u.userId)).toBe(u.email);

    const confirmMail = await mailTo(newEmail, EMAIL_CONFIRM_SUBJECT);
    const notice = await mailTo(u.email, EMAIL_NOTICE_SUBJECT);
    const token = linkToken(confirmMail, "/email-change/confirm");
    const cancel = linkToken(notice, "/email-change/cancel");
    expect(notice).toContain(newEmail);
    expect(notice).toContain("This wasn't me");
    expect(notice).not.toContain(token);
    // Only hashes are stored.
    const row = await db().emailChange.findFirstOrThrow({ where: { userId: u.userId } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(row.cancelTokenHash).toBe(hashToken(cancel));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(30 * 60_000);

    expect(await confirmEmailChange(token, meta())).toEqual({ ok: true, message: EMAIL_CHANGE_MESSAGES.confirmed });
    expect(await currentEmail(u.userId)).toBe(newEmail);
    expect(await confirmEmailChange(token, meta())).toEqual({ ok: false, message: EMAIL_CHANGE_MESSAGES.invalidLink });
    // Other sessions end with the change; the one that asked (and proved a code) stays.
    expect((await validateSessionToken(other.token, meta("192.0.2.10"))).ok).toBe(false);
    expect((await validateSessionToken(requester.token, ATTACKER)).ok).toBe(true);
  });

  it("\"This wasn't me\" from the old mailbox cancels the pending change and signs out every session", async () => {
    const { u, s, requester, other } = await victim();
    const newEmail = `thief-${Date.now()}@evil.test`;
    expect((await requestEmailChange(s, { email: newEmail, kind: "totp", code: u.code() }, ATTACKER)).ok).toBe(true);
    const token = linkToken(await mailTo(newEmail, EMAIL_CONFIRM_SUBJECT), "/email-change/confirm");
    const cancel = linkToken(await mailTo(u.email, EMAIL_NOTICE_SUBJECT), "/email-change/cancel");
    expect(await cancelEmailChange(cancel, meta("192.0.2.10"))).toEqual({ ok: true, message: EMAIL_CHANGE_MESSAGES.cancelled });
    expect(await confirmEmailChange(token, ATTACKER)).toEqual({ ok: false, message: EMAIL_CHANGE_MESSAGES.invalidLink });
    expect(await currentEmail(u.userId)).toBe(u.email);
    expect((await validateSessionToken(requester.token, ATTACKER)).ok).toBe(false);
    expect((await validateSessionToken(other.token, meta("192.0.2.10"))).ok).toBe(false);
    expect(await cancelEmailChange(cancel, meta())).toEqual({ ok: false, message: EMAIL_CHANGE_MESSAGES.invalidLink });
  });

  it("the confirmation link expires after 30 minutes; a newer request voids the older link", async () => {
    const { u, s } = await victim();
    const a = `a-${Date.now()}@example.test`;
    const b = `b-${Date.now()}@example.test`;
    await requestEmailChange(s, { email: a, kind: "totp", code: u.code() }, meta());
    const tokenA = linkToken(await mailTo(a, EMAIL_CONFIRM_SUBJECT), "/email-change/confirm");
    expect((await confirmEmailChange(tokenA, meta(), new Date(Date.now() + 31 * 60_000))).ok).toBe(false);
    await requestEmailChange(s, { email: b, kind: "totp", code: u.code(nowSec() + 30) }, meta());
    expect((await confirmEmailChange(tokenA, meta())).ok).toBe(false);
    expect(await currentEmail(u.userId)).toBe(u.email);
  });

  it("a taken address gets the same answer, and no link is sent anywhere (no enumeration, no hijack)", async () => {
    const { u, s } = await victim();
    const taken = await makeUser();
    const r = await requestEmailChange(s, { email: taken.email, kind: "totp", code: u.code() }, meta());
    expect(r).toEqual({ ok: true, message: EMAIL_CHANGE_MESSAGES.requested });
    await deliverPending();
    expect(await db().outboxEmail.count({ where: { to: taken.email, subject: EMAIL_CONFIRM_SUBJECT } })).toBe(0);
    expect(await db().emailChange.count({ where: { userId: u.userId, confirmedAt: null, cancelledAt: null } })).toBe(0);
  });

  it("\"This wasn't me\" after the new address confirmed (within 7 days) reverts the address, ends sessions and voids the password", async () => {
    const { u, s, requester } = await victim();
    const thief = `late-${Date.now()}@evil.test`;
    await requestEmailChange(s, { email: thief, kind: "totp", code: u.code() }, ATTACKER);
    const token = linkToken(await mailTo(thief, EMAIL_CONFIRM_SUBJECT), "/email-change/confirm");
    const cancel = linkToken(await mailTo(u.email, EMAIL_NOTICE_SUBJECT), "/email-change/cancel");
    expect((await confirmEmailChange(token, ATTACKER)).ok).toBe(true);
    expect(await currentEmail(u.userId)).toBe(thief);
    // The attacker asks for a reset at the new address...
    await db().passwordReset.create({ data: { userId: u.userId, tokenHash: hashToken(`pending-${Date.now()}`), expiresAt: new Date(Date.now() + 30 * 60_000), ip: "198.51.100.66" } });
    // ...the owner clicks the notice's link two days later.
    const later = new Date(Date.now() + 2 * 86_400_000);
    expect(await cancelEmailChange(cancel, meta("192.0.2.10"), later)).toEqual({ ok: true, message: EMAIL_CHANGE_MESSAGES.cancelled });
    expect(await currentEmail(u.userId)).toBe(u.email);
    expect((await validateSessionToken(requester.token, ATTACKER)).ok).toBe(false);
    expect(await db().passwordReset.count({ where: { userId: u.userId, usedAt: null } })).toBe(0);
    expect((await passwordStep({ email: u.email, password: u.password }, meta("192.0.2.10"))).ok).toBe(false);
  });

  it("the \"This wasn't me\" link stops working after 7 days", async () => {
    const { u, s } = await victim();
    const e = `old-${Date.now()}@example.test`;
    await requestEmailChange(s, { email: e, kind: "totp", code: u.code() }, meta());
    const cancel = linkToken(await mailTo(u.email, EMAIL_NOTICE_SUBJECT), "/email-change/cancel");
    expect((await cancelEmailChange(cancel, meta(), new Date(Date.now() + 8 * 86_400_000))).ok).toBe(false);
  });
});
