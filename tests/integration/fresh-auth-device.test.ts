// Issue 13 path 2: "a code entered in the last 5 minutes" belonged to the cookie, not the device.
// A cookie replayed from another network or browser right after sign-in skipped the password on
// sensitive changes and could sign the owner's other devices out. Now the exemption holds only for
// requests from the device (IP prefix + UA hash) that proved the code. Real database and guard.
import { describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { stepUp } from "@/lib/auth/step-up";
import { createSession } from "@/lib/session/store";
import { validateSessionToken } from "@/lib/session/validate";
import { hasFreshAuth, isProvingDevice, type SessionContext } from "@/lib/session/guard";
import type { RequestMeta } from "@/lib/session/store";
import { CHROME, makeUser, meta } from "../support/fixtures";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const OWNER = meta("203.0.113.10", CHROME);

async function ctxFor(token: string, m: RequestMeta): Promise<SessionContext> {
  const v = await validateSessionToken(token, m);
  if (!v.ok) throw new Error(v.reason);
  return { session: v.session, meta: m };
}

// main (before issue 13): lib/session/guard.ts hasFreshAuth — the time only.
const oldHasFreshAuth = (ctx: SessionContext, now = new Date()) => now.getTime() - ctx.session.mfaAt.getTime() <= config().FRESH_AUTH_SECONDS * 1000;

describe("freshness belongs to the device", () => {
  it("old rule: the cookie replayed from another network and browser right after sign-in counted as fresh", async () => {
    const u = await makeUser();
    const s = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: OWNER });
    expect(oldHasFreshAuth(await ctxFor(s.token, meta("198.51.100.66", FIREFOX)))).toBe(true);
  });

  it("new rule: fresh only for the device that entered the code", async () => {
    const u = await makeUser();
    const s = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: OWNER });
    expect(hasFreshAuth(await ctxFor(s.token, OWNER))).toBe(true);
    // Same address, another browser; another network, same browser; both different.
    expect(hasFreshAuth(await ctxFor(s.token, meta("203.0.113.10", FIREFOX)))).toBe(false);
    expect(hasFreshAuth(await ctxFor(s.token, meta("198.51.100.66", CHROME)))).toBe(false);
    expect(hasFreshAuth(await ctxFor(s.token, meta("198.51.100.66", FIREFOX)))).toBe(false);
    // The same /24 with the owner's exact UA still matches (documented: needs a device key).
    expect(isProvingDevice(await ctxFor(s.token, meta("203.0.113.99", CHROME)))).toBe(true);
  });

  it("a step-up moves the proof to the device that made it; the old device is no longer fresh", async () => {
    const u = await makeUser();
    const s = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: OWNER });
    const phone = meta("198.51.100.20", FIREFOX);
    const before = await ctxFor(s.token, phone);
    const r = await stepUp(before.session, { kind: "totp", code: u.code() }, phone);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(hasFreshAuth(await ctxFor(r.issued.token, phone))).toBe(true);
    expect(hasFreshAuth(await ctxFor(r.issued.token, OWNER))).toBe(false);
  });

  it("time still matters: on the right device, past the window, not fresh", async () => {
    const u = await makeUser();
    const s = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: OWNER });
    const later = new Date(Date.now() + (config().FRESH_AUTH_SECONDS + 1) * 1000);
    expect(hasFreshAuth(await ctxFor(s.token, OWNER), later)).toBe(false);
  });
});
