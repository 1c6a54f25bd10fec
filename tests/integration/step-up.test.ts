// Step-up inside a session: a fresh code renews MFA time and rotates the token.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { stepUp } from "@/lib/auth/step-up";
import { createSession } from "@/lib/session/store";
import { validateSessionToken, type ValidSession } from "@/lib/session/validate";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { makeUser, meta } from "../support/fixtures";

async function signedIn() {
  const u = await makeUser();
  const t0 = new Date(Date.now() - 10 * 60 * 1000);
  const issued = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta(), now: new Date() });
  await db().session.update({ where: { id: issued.sessionId }, data: { mfaAt: t0 } });
  const v = await validateSessionToken(issued.token, meta());
  if (!v.ok) throw new Error("no session");
  return { u, issued, session: v.session as ValidSession, t0 };
}

describe("stepUp", () => {
  it("with the right code: new token, old token dead, MFA time renewed", async () => {
    const { u, issued, session, t0 } = await signedIn();
    const r = await stepUp(session, { kind: "totp", code: u.code() }, meta());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.issued.token).not.toBe(issued.token);
    expect((await validateSessionToken(issued.token, meta())).ok).toBe(false);
    const v = await validateSessionToken(r.issued.token, meta());
    expect(v.ok && v.session.mfaAt.getTime()).toBeGreaterThan(t0.getTime() + 5 * 60 * 1000);
    expect(await db().securityEvent.count({ where: { sessionId: session.id, type: "stepup.success" } })).toBe(1);
  });

  it("with a wrong or reused code: refused, token unchanged, failure logged", async () => {
    const { u, issued, session } = await signedIn();
    const good = u.code();
    const bad = good === "000000" ? "111111" : "000000";
    expect(await stepUp(session, { kind: "totp", code: bad }, meta())).toEqual({ ok: false, message: AUTH_ERRORS.invalid_code });
    expect((await validateSessionToken(issued.token, meta())).ok).toBe(true);
    const first = await stepUp(session, { kind: "totp", code: good }, meta());
    expect(first.ok).toBe(true);
    const v = first.ok ? await validateSessionToken(first.issued.token, meta()) : null;
    const replay = v?.ok ? await stepUp(v.session, { kind: "totp", code: good }, meta()) : null;
    expect(replay).toEqual({ ok: false, message: AUTH_ERRORS.code_reused });
    expect(await db().securityEvent.count({ where: { sessionId: session.id, type: "stepup.failed" } })).toBe(2);
  });
});
