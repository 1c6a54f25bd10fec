// Issue 13 paths 3, 4 and 5: abuse that used to lock the owner out, without any credential
// (wrong passwords from many addresses, stranger reset requests) or with only a stolen cookie
// (wrong step-up codes). Each test first shows the old rule's outcome, then the defence.
// Real database and limiter store; nothing of the project is mocked.
import { describe, expect, it } from "vitest";
import { solveChallenge } from "altcha-lib/v1";
import { db } from "@/lib/db/client";
import { passwordStep, signInPuzzleFor } from "@/lib/auth/sign-in";
import { limiter, mfaThrottle, PASSWORD_RULES, PUZZLE_ISSUE_RULE, signInPuzzleSize, STEP_UP_RULE } from "@/lib/auth/rate-limit";
import { verifySecondFactor } from "@/lib/auth/second-factor";
import { stepUp } from "@/lib/auth/step-up";
import { createSession } from "@/lib/session/store";
import { validateSessionToken } from "@/lib/session/validate";
import { issueDeviceCookie } from "@/lib/auth/device-cookie";
import { requestPasswordReset, RESET_RULES } from "@/lib/auth/password-reset";
import { RESET_SUBJECT } from "@/lib/notify/templates";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import type { PowChallenge } from "@/lib/risk/challenge";
import { makeUser, meta } from "../support/fixtures";

let ipSeq = 0;
const freshIp = () => `198.18.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

async function answer(c: PowChallenge | null): Promise<string> {
  if (!c) throw new Error("no puzzle issued");
  const s = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
  if (!s) throw new Error("unsolvable");
  return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: s.number, salt: c.salt, signature: c.signature })).toString("base64");
}

/** 50 wrong passwords from 10 addresses, 5 each (issue 13, path 3). */
async function spray(email: string, n = PASSWORD_RULES.account.points): Promise<void> {
  const ips = Array.from({ length: 10 }, freshIp);
  for (let i = 0; i < n; i++) await passwordStep({ email, password: `wrong-password-${i}` }, meta(ips[i % 10]));
}

describe("path 3: wrong passwords from many addresses", () => {
  it("old rule: the per-account count reached its limit, which main checked as a block before the password", async () => {
    const u = await makeUser();
    await spray(u.email);
    const res = await limiter(PASSWORD_RULES.account).get(u.email);
    // lib/auth/rate-limit.ts on main: check() refused every address once this held (and block()ed up to 1 h).
    expect(res?.consumedPoints ?? 0).toBeGreaterThanOrEqual(PASSWORD_RULES.account.points);
  });

  it("new rule: the owner's correct password from a fresh address is not refused; it costs a puzzle, then works", async () => {
    const u = await makeUser();
    await spray(u.email);
    const owner = meta(freshIp());
    const first = await passwordStep({ email: u.email, password: u.password }, owner);
    expect(first).toEqual({ ok: false, message: AUTH_ERRORS.puzzle_required, puzzleRequired: true });
    expect(first.ok === false && /Too many attempts/.test(first.message)).toBe(false);
    const pow = await answer(await signInPuzzleFor(u.email, meta(freshIp())));
    const second = await passwordStep({ email: u.email, password: u.password }, owner, { pow });
    expect(second.ok).toBe(true);
    // The solved puzzle was spent: the same answer does not buy another attempt.
    expect((await passwordStep({ email: u.email, password: u.password }, meta(freshIp()), { pow })).ok).toBe(false);
  });

  it("the guesser pays a puzzle per guess, growing with the count, and still learns nothing", async () => {
    const u = await makeUser();
    await spray(u.email);
    const unsolved = await passwordStep({ email: u.email, password: "another-guess-1" }, meta(freshIp()));
    expect(unsolved).toMatchObject({ puzzleRequired: true });
    const c = await signInPuzzleFor(u.email, meta(freshIp()));
    expect(c?.maxnumber).toBe(signInPuzzleSize(PASSWORD_RULES.account.points));
    const guess = await passwordStep({ email: u.email, password: "another-guess-2" }, meta(freshIp()), { pow: await answer(c) });
    expect(guess).toEqual({ ok: false, message: AUTH_ERRORS.invalid_credentials });
    expect(signInPuzzleSize(2 * PASSWORD_RULES.account.points)).toBe(2 * signInPuzzleSize(PASSWORD_RULES.account.points));
    // Puzzles handed out per address are bounded (each is a row).
    const ip = freshIp();
    const issued = [];
    for (let i = 0; i < PUZZLE_ISSUE_RULE.points + 1; i++) issued.push(await signInPuzzleFor(u.email, meta(ip)));
    expect(issued.filter((x) => x === null)).toHaveLength(1);
    // An unknown address under the same spray answers the same way (no enumeration).
    const ghost = `ghost-${Date.now()}@example.test`;
    await spray(ghost);
    expect(await passwordStep({ email: ghost, password: "x-password-1" }, meta(freshIp()))).toEqual(unsolved);
  });

  it("a browser with a device cookie from an earlier sign-in of THIS account skips the puzzle; one for another account does not", async () => {
    const u = await makeUser();
    const other = await makeUser();
    await spray(u.email);
    const mine = issueDeviceCookie(u.userId);
    expect((await passwordStep({ email: u.email, password: u.password }, meta(freshIp()), { deviceCookie: mine })).ok).toBe(true);
    expect(await passwordStep({ email: u.email, password: u.password }, meta(freshIp()), { deviceCookie: issueDeviceCookie(other.userId) })).toMatchObject({ puzzleRequired: true });
    expect(await passwordStep({ email: u.email, password: u.password }, meta(freshIp()), { deviceCookie: `${mine.slice(0, -2)}AA` })).toMatchObject({ puzzleRequired: true });
  });

  it("a device cookie that collects wrong passwords stops exempting its browser (OWASP: lock out the device cookie)", async () => {
    const u = await makeUser();
    await spray(u.email);
    const cookie = issueDeviceCookie(u.userId);
    for (let i = 0; i < PASSWORD_RULES.device.points; i++) await passwordStep({ email: u.email, password: `cookie-guess-${i}` }, meta(freshIp()), { deviceCookie: cookie });
    expect(await passwordStep({ email: u.email, password: u.password }, meta(freshIp()), { deviceCookie: cookie })).toMatchObject({ puzzleRequired: true });
  });
});

describe("path 4: wrong step-up codes from a stolen cookie", () => {
  async function signedInTwice() {
    const u = await makeUser();
    const owner = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta("192.0.2.10") });
    const stolen = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta("192.0.2.66") });
    const v = await validateSessionToken(stolen.token, meta("192.0.2.66"));
    if (!v.ok) throw new Error("no session");
    const good = u.code();
    return { u, owner, stolen, stolenSession: v.session, bad: good === "000000" ? "111111" : "000000" };
  }
  const ownerSignIn = async (u: { email: string; password: string; code: () => string }) => {
    const ip = freshIp();
    const p = await passwordStep({ email: u.email, password: u.password }, meta(ip));
    if (!p.ok) throw new Error(p.message);
    return verifySecondFactor({ pendingId: p.pendingId, userId: p.userId, purpose: p.purpose }, { kind: "totp", code: u.code() }, meta(ip));
  };

  it("old rule: 5 failures counted on the account's code limit (what main's stepUp did) refuse the owner's correct code", async () => {
    const { u } = await signedInTwice();
    for (let i = 0; i < 5; i++) await mfaThrottle.fail(u.userId, "192.0.2.66");
    const r = await ownerSignIn(u);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/Too many attempts/);
  });

  it("new rule: the stolen session is suspended and the owner alerted; the owner still signs in and the owner's session lives", async () => {
    const { u, owner, stolen, stolenSession, bad } = await signedInTwice();
    const results = [];
    for (let i = 0; i < STEP_UP_RULE.points; i++) results.push(await stepUp(stolenSession, { kind: "totp", code: bad }, meta("192.0.2.66")));
    expect(results.slice(0, -1).every((r) => !r.ok && r.message === AUTH_ERRORS.invalid_code)).toBe(true);
    expect(results.at(-1)).toEqual({ ok: false, message: AUTH_ERRORS.step_up_suspended, suspended: true });
    expect((await validateSessionToken(stolen.token, meta("192.0.2.66"))).ok).toBe(false);
    expect((await db().session.findUniqueOrThrow({ where: { id: stolen.sessionId }, select: { status: true } })).status).toBe("suspended");
    expect(await db().notification.count({ where: { userId: u.userId, kind: "stepup_suspended" } })).toBe(1);
    expect((await validateSessionToken(owner.token, meta("192.0.2.10"))).ok).toBe(true);
    expect((await ownerSignIn(u)).ok).toBe(true);
    // Even the right code does not revive the suspended session.
    expect((await stepUp(stolenSession, { kind: "totp", code: u.code(Math.floor(Date.now() / 1000) + 30) }, meta("192.0.2.66"))).ok).toBe(false);
  });
});

describe("path 5: strangers silencing the owner's reset mail", () => {
  const resetMails = (email: string) => db().outboxEmail.count({ where: { to: email, subject: RESET_SUBJECT } });

  it("old rule: a cap of 3 per address (main's RESET_RULES.email), reached by three strangers, leaves the owner's request unsent", async () => {
    const u = await makeUser();
    const oldRule = { prefix: "old-reset:e", points: 3, windowSec: 60 * 60 };
    for (let i = 0; i < 3; i++) await limiter(oldRule).consume(u.email);
    await expect(limiter(oldRule).consume(u.email)).rejects.toMatchObject({ remainingPoints: 0 }); // main: return without mail
  });

  it("new rule: after three strangers, the owner's own request is sent", async () => {
    const u = await makeUser();
    for (let i = 0; i < 3; i++) await requestPasswordReset(u.email, meta(freshIp()));
    await requestPasswordReset(u.email, meta(freshIp()));
    expect(await resetMails(u.email)).toBe(4);
  });

  it("a stranger exhausts only their own address's allowance for the account", async () => {
    const u = await makeUser();
    const stranger = freshIp();
    for (let i = 0; i < RESET_RULES.ipAccount.points + 3; i++) await requestPasswordReset(u.email, meta(stranger));
    expect(await resetMails(u.email)).toBe(RESET_RULES.ipAccount.points);
    await requestPasswordReset(u.email, meta(freshIp()));
    expect(await resetMails(u.email)).toBe(RESET_RULES.ipAccount.points + 1);
  });

  it("the account cap (reached from many addresses) alerts the owner once; the owner's own browser still gets a link", async () => {
    const u = await makeUser();
    for (let i = 0; i < RESET_RULES.account.points + 4; i++) await requestPasswordReset(u.email, meta(freshIp()));
    expect(await resetMails(u.email)).toBe(RESET_RULES.account.points);
    expect(await db().notification.count({ where: { userId: u.userId, kind: "reset_requests_capped" } })).toBe(1);
    expect(await db().outboxEmail.count({ where: { to: u.email, subject: "Many password reset requests for your SessionGuard account" } })).toBe(1);
    await requestPasswordReset(u.email, meta(freshIp()), { deviceCookie: issueDeviceCookie(u.userId) });
    expect(await resetMails(u.email)).toBe(RESET_RULES.account.points + 1);
  });
});
