// The two-step sign-in against a real database: password → pending → TOTP/recovery → session.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { passwordStep } from "@/lib/auth/sign-in";
import { completeEnrollment, confirmEnrollment, verifySecondFactor, type PendingState } from "@/lib/auth/second-factor";
import { consumeTotpCode, enrollmentSecret } from "@/lib/auth/totp-credential";
import { issueRecoveryCodes } from "@/lib/auth/recovery";
import { createSession } from "@/lib/session/store";
import { validateSessionToken } from "@/lib/session/validate";
import { setLocked } from "@/lib/auth/users";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { base32Decode, totpAt } from "@/lib/auth/totp";
import { makeUser, meta } from "../support/fixtures";

const nowSec = () => Math.floor(Date.now() / 1000);

async function pendingFor(u: { email: string; password: string }, ip = "203.0.113.10"): Promise<PendingState> {
  const r = await passwordStep({ email: u.email, password: u.password }, meta(ip));
  if (!r.ok) throw new Error(r.message);
  return { pendingId: r.pendingId, userId: r.userId, purpose: r.purpose };
}

describe("password step", () => {
  it("grants only a pending state (no session row) and records the event", async () => {
    const u = await makeUser();
    const before = await db().session.count({ where: { userId: u.userId } });
    const p = await pendingFor(u);
    expect(p.purpose).toBe("mfa");
    expect(await db().session.count({ where: { userId: u.userId } })).toBe(before);
    const row = await db().pendingSignIn.findUniqueOrThrow({ where: { id: p.pendingId } });
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(5 * 60 * 1000);
    expect(await db().securityEvent.count({ where: { userId: u.userId, type: "signin.password_ok" } })).toBe(1);
  });

  it("answers an unknown email exactly like a wrong password (no enumeration)", async () => {
    const u = await makeUser();
    const wrong = await passwordStep({ email: u.email, password: "not the password at all" }, meta("198.51.100.1"));
    const unknown = await passwordStep({ email: `nobody-${Date.now()}@example.test`, password: "not the password at all" }, meta("198.51.100.2"));
    expect(wrong).toEqual({ ok: false, message: AUTH_ERRORS.invalid_credentials });
    expect(unknown).toEqual(wrong);
  });

  it("throttles repeated wrong passwords per account+IP, even for the right password afterwards", async () => {
    const u = await makeUser();
    const ip = "198.51.100.20";
    const first = await passwordStep({ email: u.email, password: u.password }, meta(ip));
    expect(first.ok).toBe(true); // the attack's target works before the burst...
    for (let i = 0; i < 5; i++) await passwordStep({ email: u.email, password: `wrong-${i}-password` }, meta(ip));
    const blocked = await passwordStep({ email: u.email, password: u.password }, meta(ip));
    expect(blocked.ok).toBe(false);
    expect(!blocked.ok && blocked.message).toMatch(/Too many attempts/);
    // ...and the real user on another network still gets in.
    expect((await passwordStep({ email: u.email, password: u.password }, meta("192.0.2.55"))).ok).toBe(true);
    expect(await db().securityEvent.count({ where: { type: "signin.throttled" } })).toBeGreaterThan(0);
  });

  it("refuses a locked account after a correct password", async () => {
    const u = await makeUser();
    await setLocked(u.userId, true, "test");
    expect(await passwordStep({ email: u.email, password: u.password }, meta())).toEqual({ ok: false, message: AUTH_ERRORS.locked });
  });

  it("sends a user without a confirmed TOTP to enrolment, never straight to a session", async () => {
    const u = await makeUser({ enrolled: false });
    const p = await pendingFor(u);
    expect(p.purpose).toBe("enroll");
    const r = await verifySecondFactor(p, { kind: "totp", code: u.code() }, meta());
    expect(r.ok).toBe(false);
  });
});

describe("second factor", () => {
  it("a valid code ends in a brand-new, valid session; the pending state is single use", async () => {
    const u = await makeUser();
    const p = await pendingFor(u);
    const r = await verifySecondFactor(p, { kind: "totp", code: u.code() }, meta());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect((await validateSessionToken(r.issued.token, meta())).ok).toBe(true);
    const again = await verifySecondFactor(p, { kind: "totp", code: u.code(nowSec() + 30) }, meta());
    expect(again).toMatchObject({ ok: false, restart: true });
  });

  it("rejects a wrong code and logs it", async () => {
    const u = await makeUser();
    const p = await pendingFor(u);
    const good = u.code();
    const bad = good === "000000" ? "111111" : "000000";
    expect(await verifySecondFactor(p, { kind: "totp", code: bad }, meta())).toEqual({ ok: false, message: AUTH_ERRORS.invalid_code });
    expect(await db().securityEvent.count({ where: { userId: u.userId, type: "signin.mfa_failed" } })).toBe(1);
  });

  it("accepts a code once: the same code in a second sign-in is a replay (6.5.1)", async () => {
    const u = await makeUser();
    const code = u.code();
    expect((await verifySecondFactor(await pendingFor(u), { kind: "totp", code }, meta())).ok).toBe(true);
    const replay = await verifySecondFactor(await pendingFor(u), { kind: "totp", code }, meta());
    expect(replay).toEqual({ ok: false, message: AUTH_ERRORS.code_reused });
    expect(await db().securityEvent.count({ where: { userId: u.userId, type: "signin.mfa_replay" } })).toBe(1);
  });

  it("two concurrent submissions of one code: exactly one wins", async () => {
    const u = await makeUser();
    const code = u.code();
    const results = await Promise.all(Array.from({ length: 6 }, () => consumeTotpCode(u.userId, code)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.why === "reused")).toHaveLength(5);
  });

  it("accepts the previous and next step (±1) but not ±2 (RFC 6238 §5.2)", async () => {
    const u = await makeUser();
    const t = nowSec();
    expect((await consumeTotpCode(u.userId, u.code(t - 60))).ok).toBe(false);
    expect((await consumeTotpCode(u.userId, u.code(t + 60))).ok).toBe(false);
    expect((await consumeTotpCode(u.userId, u.code(t - 30))).ok).toBe(true);
    expect((await consumeTotpCode(u.userId, u.code(t + 30))).ok).toBe(true);
  });

  it("throttles a burst of wrong codes per account, across pending states (RFC 4226 §7.3)", async () => {
    const u = await makeUser();
    const good = u.code();
    const bad = good === "000000" ? "111111" : "000000";
    // Parallel partial sign-ins from different IPs each guess: the account-wide count still applies.
    for (let i = 0; i < 5; i++) await verifySecondFactor(await pendingFor(u, `198.51.100.${100 + i}`), { kind: "totp", code: bad }, meta(`198.51.100.${100 + i}`));
    const blocked = await verifySecondFactor(await pendingFor(u, "198.51.100.200"), { kind: "totp", code: good }, meta("198.51.100.200"));
    expect(blocked.ok).toBe(false);
    expect(!blocked.ok && blocked.message).toMatch(/Too many attempts/);
  });

  it("a recovery code works once", async () => {
    const u = await makeUser();
    const [code] = await issueRecoveryCodes(u.userId);
    const first = await verifySecondFactor(await pendingFor(u), { kind: "recovery", code: code! }, meta());
    expect(first.ok).toBe(true);
    const second = await verifySecondFactor(await pendingFor(u), { kind: "recovery", code: code! }, meta());
    expect(second).toEqual({ ok: false, message: AUTH_ERRORS.invalid_recovery_code });
    const stored = await db().recoveryCode.findMany({ where: { userId: u.userId }, select: { codeHash: true } });
    expect(stored.some((r) => r.codeHash.includes(code!.replaceAll("-", "")))).toBe(false);
  });

  it("fixation: a session cookie presented at sign-in is never upgraded, and is ended", async () => {
    const attacker = await makeUser();
    const planted = await createSession({ userId: attacker.userId, role: "user", mfaMethod: "totp", meta: meta("192.0.2.66") });
    const victim = await makeUser();
    const r = await verifySecondFactor(await pendingFor(victim), { kind: "totp", code: victim.code() }, meta(), planted.token);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.issued.token).not.toBe(planted.token);
    expect(r.issued.sessionId).not.toBe(planted.sessionId);
    expect((await validateSessionToken(planted.token, meta())).ok).toBe(false);
    const v = await validateSessionToken(r.issued.token, meta());
    expect(v.ok && v.session.userId).toBe(victim.userId);
  });
});

describe("enrolment", () => {
  it("completes only with a valid code, then issues 10 recovery codes and, once acknowledged, a session", async () => {
    const made = await makeUser({ enrolled: false });
    const p = await pendingFor(made);
    // The enrolment page shows this pending sign-in its own secret (the fixture's earlier one is replaced).
    const shown = await enrollmentSecret(made.userId, made.email, p.pendingId);
    if (!shown) throw new Error("no enrolment secret");
    const u = { ...made, code: () => totpAt(base32Decode(shown.secret), Math.floor(Date.now() / 1000)) };
    expect((await completeEnrollment(p, meta())).ok).toBe(false); // no session before the code
    const wrong = u.code() === "123456" ? "654321" : "123456";
    expect((await confirmEnrollment(p, wrong, meta())).ok).toBe(false);
    expect((await db().totpCredential.findUniqueOrThrow({ where: { userId: u.userId } })).confirmedAt).toBeNull();
    const done = await confirmEnrollment(p, u.code(), meta());
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect(done.recoveryCodes).toHaveLength(10);
    expect(new Set(done.recoveryCodes).size).toBe(10);
    expect((await db().totpCredential.findUniqueOrThrow({ where: { userId: u.userId } })).confirmedAt).not.toBeNull();
    const session = await completeEnrollment(p, meta());
    expect(session.ok).toBe(true);
    if (!session.ok) return;
    expect((await validateSessionToken(session.issued.token, meta())).ok).toBe(true);
    expect((await completeEnrollment(p, meta())).ok).toBe(false); // the pending state was consumed
  });

  it("keeps the TOTP secret encrypted at rest", async () => {
    const u = await makeUser();
    const row = await db().totpCredential.findUniqueOrThrow({ where: { userId: u.userId } });
    expect(row.secretEnc.startsWith("v1.")).toBe(true);
    expect(row.secretEnc).not.toContain(u.secret);
    expect(totpAt(base32Decode(u.secret), 59)).toMatch(/^\d{6}$/);
  });
});
