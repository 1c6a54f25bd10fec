// Issue 13: "Was this you?" on alerts and flagged device rows. Before, a flagged session or a
// new-device alert carried no answer: the thief's session stayed alive until the owner found the
// devices page (and passed its code check), and an owner's "that was me" never reached the
// admin's false-positive rates. Real database, real risk enforcement; nothing is mocked.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { applyDecision } from "@/lib/risk/enforce";
import { decide } from "@/lib/risk/policy";
import { riskDeps } from "@/lib/risk/runtime";
import { falsePositiveRates } from "@/lib/admin/overview";
import { answerWasThisYou, WAS_THIS_YOU_MESSAGES } from "@/lib/account/was-this-you";
import { createSession } from "@/lib/session/store";
import { validateSessionToken } from "@/lib/session/validate";
import { passwordStep } from "@/lib/auth/sign-in";
import { recordSignInDevice } from "@/lib/notify/alerts";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { makeUser, meta } from "../support/fixtures";

const OWNER = meta("203.0.113.10");
const THIEF = meta("198.51.100.66", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");

/** An owner's session and a second one the risk engine flags (a step-up decision, enforced for real). */
async function flaggedPair(signal: "uaChanged" | "countryChanged" = "uaChanged") {
  const u = await makeUser();
  const owner = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: OWNER });
  const other = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: THIEF });
  const v = await validateSessionToken(other.token, THIEF);
  if (!v.ok) throw new Error(v.reason);
  const d = decide([{ id: signal, class: "identity", value: {}, reason: "the browser changed" }, { id: "ipNewPrefix", class: "identity", value: {}, reason: "a new network" }], "sensitive", riskDeps().cfg);
  expect(d.action).toBe("step_up");
  await applyDecision(v.session, d, THIEF);
  return { u, owner, other };
}
const row = (id: string) => db().session.findUniqueOrThrow({ where: { id }, select: { status: true, requiredAction: true, flagResolution: true, endedReason: true } });

describe("was this you?", () => {
  it("old rule: the flag alert carried no answer; the flagged session stays usable and its flag open until someone acts", async () => {
    const { u, other } = await flaggedPair();
    const alert = await db().notification.findFirstOrThrow({ where: { userId: u.userId, kind: "session_flagged" }, select: { sessionId: true } });
    expect(alert.sessionId).toBe(other.sessionId); // (the link the answer needs; main stored none)
    expect(await validateSessionToken(other.token, THIEF)).toMatchObject({ ok: true });
    expect((await row(other.sessionId)).flagResolution).toBeNull();
  });

  it("Yes: a false-positive label the admin overview's per-signal rate counts; the alert is answered", async () => {
    const since = new Date(Date.now() - 60_000);
    const before = (await falsePositiveRates(since)).find((r) => r.signal === "countryChanged");
    const { u, owner, other } = await flaggedPair("countryChanged");
    const r = await answerWasThisYou({ userId: u.userId, sessionId: owner.sessionId }, { sessionId: other.sessionId, answer: "yes" }, OWNER);
    expect(r).toEqual({ ok: true, message: WAS_THIS_YOU_MESSAGES.yes });
    expect((await row(other.sessionId)).flagResolution).toBe("confirmed_by_user");
    const after = (await falsePositiveRates(since)).find((r) => r.signal === "countryChanged");
    expect(after?.dismissed).toBe((before?.dismissed ?? 0) + 1);
    expect(after?.resolved).toBe((before?.resolved ?? 0) + 1);
    expect(await db().notification.count({ where: { userId: u.userId, sessionId: other.sessionId, answer: "yes" } })).toBe(1);
    // The session is still flagged for sensitive actions (a "yes" is a label, not a step-up).
    expect((await row(other.sessionId)).status).toBe("flagged");
  });

  it("No: that session ends, every other session must step up, the password stops working (a reset through the mailbox sets a new one)", async () => {
    const { u, owner, other } = await flaggedPair();
    const third = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta("192.0.2.44") });
    const r = await answerWasThisYou({ userId: u.userId, sessionId: owner.sessionId }, { sessionId: other.sessionId, answer: "no" }, OWNER);
    expect(r).toEqual({ ok: true, message: WAS_THIS_YOU_MESSAGES.no });
    expect(await validateSessionToken(other.token, THIEF)).toMatchObject({ ok: false });
    expect(await row(other.sessionId)).toMatchObject({ status: "revoked", endedReason: "disowned_by_user", flagResolution: "revoked" });
    expect((await row(owner.sessionId)).requiredAction).toBe("step_up");
    expect((await row(third.sessionId)).requiredAction).toBe("step_up");
    expect(await passwordStep({ email: u.email, password: u.password }, OWNER)).toMatchObject({ ok: false, message: AUTH_ERRORS.invalid_credentials });
    expect(await db().securityEvent.count({ where: { userId: u.userId, type: "alert.disowned_by_user" } })).toBe(1);
  });

  it("a new-device alert names its session, so 'No' ends exactly that one; another user's session id matches nothing", async () => {
    const u = await makeUser();
    const stranger = await makeUser();
    const owner = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: OWNER });
    const fresh = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: THIEF });
    await recordSignInDevice({ userId: u.userId, sessionId: fresh.sessionId, browser: "Firefox", os: "Linux", ip: THIEF.ip, place: null, at: new Date() });
    const alert = await db().notification.findFirstOrThrow({ where: { userId: u.userId, kind: "new_device" }, select: { sessionId: true } });
    expect(alert.sessionId).toBe(fresh.sessionId);
    const foreign = await createSession({ userId: stranger.userId, role: "user", mfaMethod: "totp", meta: OWNER });
    expect(await answerWasThisYou({ userId: u.userId, sessionId: owner.sessionId }, { sessionId: foreign.sessionId, answer: "no" }, OWNER)).toEqual({ ok: false, message: WAS_THIS_YOU_MESSAGES.notFound });
    expect((await row(foreign.sessionId)).status).toBe("active");
    await answerWasThisYou({ userId: u.userId, sessionId: owner.sessionId }, { sessionId: alert.sessionId ?? "", answer: "no" }, OWNER);
    expect((await row(fresh.sessionId)).status).toBe("revoked");
    expect((await row(owner.sessionId)).status).toBe("active");
  });
});
