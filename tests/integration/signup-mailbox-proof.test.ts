// Issue 13 paths 6 (account pre-hijacking) and 8 (sign-up enumeration). Sign-up used to create a
// usable account at once and answer differently for a taken address. Each describe block first
// shows what main's rules allowed, then the defence. The mails go through a REAL SMTP exchange
// (smtp-server on loopback); nothing of the project is mocked.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { createUser } from "@/lib/auth/users";
import { passwordStep } from "@/lib/auth/sign-in";
import { confirmMailbox, isMailboxProofUsable, signUp, SIGN_UP_MESSAGES, SIGNUP_LINK_VALID_MINUTES } from "@/lib/auth/sign-up";
import { completePasswordReset, requestPasswordReset } from "@/lib/auth/password-reset";
import { consumeTotpCode, enrollmentSecret } from "@/lib/auth/totp-credential";
import { confirmEnrollment } from "@/lib/auth/second-factor";
import { issueRecoveryCodes } from "@/lib/auth/recovery";
import { hashPassword } from "@/lib/auth/password";
import { base32Decode, totpAt } from "@/lib/auth/totp";
import { decryptSecret } from "@/lib/crypto/aead";
import { totpEncryptionKey } from "@/lib/auth/keys";
import { SIGNUP_MAIL_RULE } from "@/lib/auth/rate-limit";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { hashToken } from "@/lib/session/token";
import { deliverPending } from "@/lib/notify/mail";
import { RESET_SUBJECT, SIGNUP_CONFIRM_SUBJECT, SIGNUP_TAKEN_SUBJECT } from "@/lib/notify/templates";
import { makeUser, meta } from "../support/fixtures";
import { readable, withTestSmtp, waitFor } from "../support/smtp";

const testSmtp = withTestSmtp();

let seq = 0;
const freshIp = () => `198.18.${Math.floor(++seq / 250)}.${(seq % 250) + 1}`;
const address = (tag: string) => `${tag}-${++seq}-${Date.now()}@example.test`;
const ATTACKER_PW = "attacker chosen passphrase 1";
const VICTIM_PW = "the victims own passphrase 2";
const codeOf = (secret: string, atSec = Math.floor(Date.now() / 1000)) => totpAt(base32Decode(secret), atSec);

/** Delivers the outbox over SMTP; every decoded mail with this subject to this address. */
async function mailsTo(to: string, subject: string, atLeast = 1): Promise<string[]> {
  await deliverPending();
  return waitFor(() => {
    const found = testSmtp().inbox.filter((x) => x.to.includes(to) && readable(x.raw).includes(`Subject: ${subject}`)).map((x) => readable(x.raw));
    return found.length >= atLeast ? found : null;
  }, `${subject} to ${to}`);
}
const linkToken = (text: string, path: string) => {
  const m = [...text.matchAll(new RegExp(`${path.replace(/\//g, "\\/")}\\?token=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`, "g"))].at(-1);
  if (!m?.[1]) throw new Error(`no ${path} link`);
  return m[1];
};
const userByEmail = (email: string) => db().user.findUniqueOrThrow({ where: { email }, select: { id: true, emailVerifiedAt: true } });

/** The victim's way in: "Forgot your password?", the link from the real mail, a new password. */
async function victimResets(email: string) {
  const earlier = testSmtp().inbox.filter((x) => x.to.includes(email) && readable(x.raw).includes(`Subject: ${RESET_SUBJECT}`)).length;
  await requestPasswordReset(email, meta(freshIp()));
  const mail = (await mailsTo(email, RESET_SUBJECT, earlier + 1)).at(-1);
  return completePasswordReset(linkToken(mail ?? "", "/reset-password"), VICTIM_PW, meta(freshIp()));
}

describe("path 6: account pre-hijacking", () => {
  it("old rule: the attacker registers the victim's address, reads the TOTP secret, and the victim enrols that same secret after a reset", async () => {
    const email = address("prehijack-old");
    // main's sign-up: createUser, and the account could sign in at once (no mailbox proof).
    const created = await createUser({ email, password: ATTACKER_PW, mailboxProven: true });
    if (!created.ok) throw new Error(created.message);
    const a = await passwordStep({ email, password: ATTACKER_PW }, meta("198.51.100.66"));
    expect(a).toMatchObject({ ok: true, purpose: "enroll" });
    if (!a.ok) return;
    const attackerSecret = (await enrollmentSecret(created.userId, email, a.pendingId))?.secret;
    expect(attackerSecret).toBeTruthy();
    // main's completePasswordReset: a new password, pending sign-ins ended, the TOTP row untouched.
    await db().user.update({ where: { id: created.userId }, data: { passwordHash: await hashPassword(VICTIM_PW), passwordChangedAt: new Date() } });
    const v = await passwordStep({ email, password: VICTIM_PW }, meta("192.0.2.10"));
    expect(v).toMatchObject({ ok: true, purpose: "enroll" });
    // main's enrolment page showed the stored unconfirmed secret to whoever came: the attacker's.
    const row = await db().totpCredential.findUniqueOrThrow({ where: { userId: created.userId }, select: { secretEnc: true } });
    const shownToVictim = decryptSecret(row.secretEnc, totpEncryptionKey());
    expect(shownToVictim).toBe(attackerSecret);
    // ...and main's confirmation (no "shown to" check) enrolled it: the attacker holds the factor.
    expect(await consumeTotpCode(created.userId, codeOf(shownToVictim), { confirming: true })).toMatchObject({ ok: true });
    expect(codeOf(attackerSecret ?? "")).toBe(codeOf(shownToVictim));
  });

  it("new rule: a sign-up cannot sign in or see any TOTP secret until the mailed link is opened; the victim's reset makes the account theirs", async () => {
    const email = address("prehijack-new");
    expect(await signUp({ email, password: ATTACKER_PW }, meta("198.51.100.66"))).toEqual({ ok: true, message: SIGN_UP_MESSAGES.checkMail });
    const { id } = await userByEmail(email);
    // The attacker (who knows the password they chose) gets no pending sign-in, so no enrolment page.
    const pendingBefore = await db().pendingSignIn.count({ where: { userId: id } });
    expect(await passwordStep({ email, password: ATTACKER_PW }, meta("198.51.100.66"))).toEqual({ ok: false, message: AUTH_ERRORS.email_unconfirmed });
    expect(await db().pendingSignIn.count({ where: { userId: id } })).toBe(pendingBefore);
    expect(await db().totpCredential.count({ where: { userId: id } })).toBe(0);
    // The victim's inbox got the confirmation link (which the victim does not open), over real SMTP.
    const [confirm] = await mailsTo(email, SIGNUP_CONFIRM_SUBJECT);
    expect(confirm).toContain(`${config().APP_URL}/verify-email?token=`);
    expect(confirm).toContain("do not open the link");
    // The victim resets instead: the reset link proves the mailbox; the attacker's password is gone.
    expect(await victimResets(email)).toEqual({ ok: true, factorDiscarded: false });
    expect((await userByEmail(email)).emailVerifiedAt).not.toBeNull();
    expect(await passwordStep({ email, password: ATTACKER_PW }, meta("198.51.100.66"))).toMatchObject({ ok: false, message: AUTH_ERRORS.invalid_credentials });
    const v = await passwordStep({ email, password: VICTIM_PW }, meta("192.0.2.10"));
    expect(v).toMatchObject({ ok: true, purpose: "enroll" });
  });

  it("new rule: a factor enrolled before the mailbox was proven (an account main's sign-up left behind) is discarded by the reset; the victim gets a new secret", async () => {
    const email = address("prehijack-legacy");
    // The state main's flow produced: unproven account, TOTP set up (and confirmed) by the attacker.
    const created = await createUser({ email, password: ATTACKER_PW });
    if (!created.ok) throw new Error(created.message);
    const planted = await enrollmentSecret(created.userId, email, null);
    if (!planted) throw new Error("no secret");
    await db().totpCredential.update({ where: { userId: created.userId }, data: { confirmedAt: new Date() } });
    await issueRecoveryCodes(created.userId);
    expect(await passwordStep({ email, password: ATTACKER_PW }, meta("198.51.100.66"))).toEqual({ ok: false, message: AUTH_ERRORS.email_unconfirmed });

    expect(await victimResets(email)).toEqual({ ok: true, factorDiscarded: true });
    expect(await db().totpCredential.count({ where: { userId: created.userId } })).toBe(0);
    expect(await db().recoveryCode.count({ where: { userId: created.userId } })).toBe(0);
    expect(await db().notification.count({ where: { userId: created.userId, kind: "totp_changed" } })).toBe(1);
    // The next sign-in enrols afresh; the attacker's codes match nothing.
    const v = await passwordStep({ email, password: VICTIM_PW }, meta("192.0.2.10"));
    expect(v).toMatchObject({ ok: true, purpose: "enroll" });
    if (!v.ok) return;
    const fresh = await enrollmentSecret(created.userId, email, v.pendingId);
    expect(fresh?.secret).toBeTruthy();
    expect(fresh?.secret).not.toBe(planted.secret);
    expect(await confirmEnrollment(v, codeOf(planted.secret), meta("192.0.2.10"))).toMatchObject({ ok: false });
    expect(await confirmEnrollment(v, codeOf(fresh?.secret ?? ""), meta("192.0.2.10"))).toMatchObject({ ok: true });
    // Enrolled after the proof now: a later reset keeps it.
    expect(await victimResets(email)).toEqual({ ok: true, factorDiscarded: false });
    expect(await db().totpCredential.count({ where: { userId: created.userId, confirmedAt: { not: null } } })).toBe(1);
  });

  it("an unconfirmed TOTP secret is never shown to a different sign-in, and only the sign-in it was shown to can confirm it", async () => {
    const u = await makeUser({ enrolled: false });
    await db().totpCredential.deleteMany({ where: { userId: u.userId } });
    const first = await passwordStep({ email: u.email, password: u.password }, meta("198.51.100.66"));
    const second = await passwordStep({ email: u.email, password: u.password }, meta("192.0.2.10"));
    if (!first.ok || !second.ok) throw new Error("password step failed");
    const a = await enrollmentSecret(u.userId, u.email, first.pendingId);
    expect((await enrollmentSecret(u.userId, u.email, first.pendingId))?.secret).toBe(a?.secret); // a reload shows the same QR
    const b = await enrollmentSecret(u.userId, u.email, second.pendingId);
    expect(b?.secret).toBeTruthy();
    expect(b?.secret).not.toBe(a?.secret);
    // The first sign-in cannot confirm anything now: neither its old secret nor the second one's.
    expect(await confirmEnrollment(first, codeOf(a?.secret ?? ""), meta("198.51.100.66"))).toMatchObject({ ok: false });
    expect(await confirmEnrollment(first, codeOf(b?.secret ?? ""), meta("198.51.100.66"))).toMatchObject({ ok: false });
    expect(await confirmEnrollment(second, codeOf(b?.secret ?? ""), meta("192.0.2.10"))).toMatchObject({ ok: true });
  });

  it("the confirmation link: stored only as a hash, single use, expires; after it the account signs in and enrols", async () => {
    const email = address("confirm");
    await signUp({ email, password: VICTIM_PW }, meta(freshIp()));
    const [mail] = await mailsTo(email, SIGNUP_CONFIRM_SUBJECT);
    const token = linkToken(mail ?? "", "/verify-email");
    const { id } = await userByEmail(email);
    const row = await db().emailVerification.findFirstOrThrow({ where: { userId: id }, select: { tokenHash: true, createdAt: true, expiresAt: true } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(await db().emailVerification.findMany({ where: { userId: id } }))).not.toContain(token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(SIGNUP_LINK_VALID_MINUTES * 60_000);
    expect(await isMailboxProofUsable(token, new Date(row.expiresAt.getTime() + 1))).toBe(false);
    expect(await confirmMailbox(token, meta(freshIp()), new Date(row.expiresAt.getTime() + 1))).toMatchObject({ ok: false });

    expect(await confirmMailbox(token, meta(freshIp()))).toEqual({ ok: true, message: SIGN_UP_MESSAGES.confirmed });
    expect(await confirmMailbox(token, meta(freshIp()))).toEqual({ ok: false, message: SIGN_UP_MESSAGES.invalidLink });
    expect((await userByEmail(email)).emailVerifiedAt).not.toBeNull();
    expect(await passwordStep({ email, password: VICTIM_PW }, meta(freshIp()))).toMatchObject({ ok: true, purpose: "enroll" });
  });

  it("signing in to an unconfirmed account with the right password re-sends the link (capped per address); a wrong password learns nothing new", async () => {
    const email = address("resend");
    await signUp({ email, password: VICTIM_PW }, meta(freshIp()));
    expect(await passwordStep({ email, password: "not the password 99" }, meta(freshIp()))).toMatchObject({ ok: false, message: AUTH_ERRORS.invalid_credentials });
    expect(await passwordStep({ email, password: VICTIM_PW }, meta(freshIp()))).toEqual({ ok: false, message: AUTH_ERRORS.email_unconfirmed });
    const mails = await mailsTo(email, SIGNUP_CONFIRM_SUBJECT, 2);
    // The first link was voided by the second: one live link at a time.
    expect(await confirmMailbox(linkToken(mails[0] ?? "", "/verify-email"), meta(freshIp()))).toMatchObject({ ok: false });
    for (let i = 0; i < SIGNUP_MAIL_RULE.points; i++) await passwordStep({ email, password: VICTIM_PW }, meta(freshIp()));
    expect(await db().outboxEmail.count({ where: { to: email } })).toBe(SIGNUP_MAIL_RULE.points);
    // Exactly one link is live: the last one sent.
    const live = await db().emailVerification.findFirstOrThrow({ where: { user: { email }, usedAt: null }, select: { tokenHash: true } });
    const tokens = (await mailsTo(email, SIGNUP_CONFIRM_SUBJECT, SIGNUP_MAIL_RULE.points)).map((m) => linkToken(m, "/verify-email"));
    const liveToken = tokens.find((t) => hashToken(t) === live.tokenHash);
    expect(liveToken).toBeTruthy();
    expect(await confirmMailbox(liveToken ?? "", meta(freshIp()))).toMatchObject({ ok: true });
  });
});

describe("path 8: sign-up enumeration", () => {
  it("old rule: main's sign-up answered a taken address with its own refusal", async () => {
    const taken = await makeUser();
    // main's action returned createUser's message as is.
    expect(await createUser({ email: taken.email, password: ATTACKER_PW })).toMatchObject({ ok: false, message: AUTH_ERRORS.signup_unavailable });
    expect(await createUser({ email: address("free-old"), password: ATTACKER_PW })).toMatchObject({ ok: true });
  });

  it("new rule: the same answer for a taken and a new address; the taken one is mailed that someone tried, with no link that changes anything", async () => {
    const taken = await makeUser();
    const free = address("free");
    const before = await db().emailVerification.count();
    const forTaken = await signUp({ email: taken.email.toUpperCase(), password: ATTACKER_PW }, meta(freshIp()));
    const forFree = await signUp({ email: free, password: ATTACKER_PW }, meta(freshIp()));
    expect(forTaken).toEqual(forFree);
    expect(forTaken).toEqual({ ok: true, message: SIGN_UP_MESSAGES.checkMail });
    // Only the new address got a confirmation link; the owner's password and factor are untouched.
    expect(await db().emailVerification.count()).toBe(before + 1);
    expect((await passwordStep({ email: taken.email, password: taken.password }, meta(freshIp()))).ok).toBe(true);
    const [notice] = await mailsTo(taken.email, SIGNUP_TAKEN_SUBJECT);
    expect(notice).toContain("Someone tried to create a SessionGuard account with this address");
    expect(notice).not.toMatch(/token=/);
    await mailsTo(free, SIGNUP_CONFIRM_SUBJECT);
    // Input errors depend only on what was typed: the same for both.
    const weakTaken = await signUp({ email: taken.email, password: "password" }, meta(freshIp()));
    const weakFree = await signUp({ email: address("free-weak"), password: "password" }, meta(freshIp()));
    expect(weakTaken).toEqual(weakFree);
    expect(weakTaken.ok).toBe(false);
  });

  it("strangers signing up with a taken address many times mail it at most the per-address cap, and still get the same answer", async () => {
    const taken = await makeUser();
    for (let i = 0; i < SIGNUP_MAIL_RULE.points + 2; i++) expect(await signUp({ email: taken.email, password: ATTACKER_PW }, meta(freshIp()))).toEqual({ ok: true, message: SIGN_UP_MESSAGES.checkMail });
    expect(await db().outboxEmail.count({ where: { to: taken.email, subject: SIGNUP_TAKEN_SUBJECT } })).toBe(SIGNUP_MAIL_RULE.points);
  });
});
