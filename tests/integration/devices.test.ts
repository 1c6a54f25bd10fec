// Manage devices data: the owner's sessions only, owner-only revocation, "recently ended".
import { describe, expect, it } from "vitest";
import { endOwnSession, endOwnSessions, listDevices } from "@/lib/session/devices";
import { createSession, endSession } from "@/lib/session/store";
import { validateSessionToken } from "@/lib/session/validate";
import { makeUser, meta } from "../support/fixtures";

const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const XSS_UA = "<img src=x onerror=alert(1)>";

describe("listDevices", () => {
  it("lists only the user's live sessions, marks the current one, and never exposes token hashes", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const a1 = await createSession({ userId: a.userId, role: "user", mfaMethod: "totp", meta: meta("81.2.69.160") });
    const a2 = await createSession({ userId: a.userId, role: "user", mfaMethod: "recovery", meta: meta("203.0.113.9", FIREFOX_LINUX) });
    await createSession({ userId: b.userId, role: "user", mfaMethod: "totp", meta: meta() });
    const { active } = await listDevices(a.userId, a1.sessionId);
    expect(active.map((d) => d.id).sort()).toEqual([a1.sessionId, a2.sessionId].sort());
    const current = active.find((d) => d.id === a1.sessionId)!;
    expect(current).toMatchObject({ current: true, browser: "Chrome", os: "Windows", place: "London, GB" });
    expect(active.find((d) => d.id === a2.sessionId)).toMatchObject({ current: false, browser: "Firefox", os: "Linux", mfaMethod: "recovery" });
    expect(JSON.stringify(active)).not.toMatch(/tokenHash|[0-9a-f]{64}/);
  });

  it("keeps attacker-controlled User-Agent text as plain data", async () => {
    const u = await makeUser();
    const s = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta("203.0.113.1", XSS_UA) });
    const { active } = await listDevices(u.userId, s.sessionId);
    expect(active[0]?.browser ?? null).toBeNull();
    expect(active[0]?.deviceType).toBe("other");
  });

  it("shows ended sessions of the last 30 days with how they ended", async () => {
    const u = await makeUser();
    const cur = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });
    const old = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });
    const byAdmin = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });
    await endOwnSession(u.userId, old.sessionId, "revoked_by_user");
    await endSession(byAdmin.sessionId, { by: "admin", reason: "suspicious" });
    const { active, ended } = await listDevices(u.userId, cur.sessionId);
    expect(active.map((d) => d.id)).toEqual([cur.sessionId]);
    expect(ended.find((d) => d.id === old.sessionId)?.how).toBe("Signed out from another device");
    expect(ended.find((d) => d.id === byAdmin.sessionId)?.how).toBe("Signed out by an administrator");
  });
});

describe("owner-only revocation", () => {
  it("a forged session id of another user changes nothing (the attack would otherwise end it)", async () => {
    const victim = await makeUser();
    const attacker = await makeUser();
    const victimSession = await createSession({ userId: victim.userId, role: "user", mfaMethod: "totp", meta: meta() });
    // The same call with the right owner does end a session: the scoping is what protects.
    const own = await createSession({ userId: attacker.userId, role: "user", mfaMethod: "totp", meta: meta() });
    expect(await endOwnSession(attacker.userId, own.sessionId, "revoked_by_user")).toBe(true);
    expect(await endOwnSession(attacker.userId, victimSession.sessionId, "revoked_by_user")).toBe(false);
    expect((await validateSessionToken(victimSession.token, meta())).ok).toBe(true);
    expect((await listDevices(attacker.userId, "none")).active.map((d) => d.id)).not.toContain(victimSession.sessionId);
  });

  it("sign out all other devices keeps the current one; everywhere ends all", async () => {
    const u = await makeUser();
    const mine = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });
    const other = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta("198.51.100.4", FIREFOX_LINUX) });
    expect(await endOwnSessions(u.userId, { exceptSessionId: mine.sessionId, reason: "sign_out_others" })).toBe(1);
    expect((await validateSessionToken(mine.token, meta())).ok).toBe(true);
    expect(await validateSessionToken(other.token, meta("198.51.100.4", FIREFOX_LINUX))).toMatchObject({ ok: false, reason: "revoked_user" });
    expect(await endOwnSessions(u.userId, { reason: "sign_out_everywhere" })).toBe(1);
    expect((await validateSessionToken(mine.token, meta())).ok).toBe(false);
  });
});
