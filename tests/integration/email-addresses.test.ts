// Issue 13 path 9: look-alike addresses. "a1\u0000@…", "a1\u200b@…" and fullwidth "ａ1@…" all
// signed up next to "a1@…" and displayed like it. Real database; the old rule is main's
// normalizeEmail + isPlausibleEmail, quoted below.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser, isPlausibleEmail, normalizeEmail } from "@/lib/auth/users";
import { passwordStep } from "@/lib/auth/sign-in";
import { meta } from "../support/fixtures";

// main (before issue 13): lib/auth/users.ts
const oldNormalize = (raw: string) => raw.trim().toLowerCase();
const OLD_RE = /^[^\s@<>"'`]{1,64}@[^\s@<>"'`]{1,255}\.[a-z0-9-]{2,63}$/i;
const oldPlausible = (e: string) => e.length <= 254 && OLD_RE.test(e);

const PASSWORD = "correct horse battery staple";
const domain = () => `d${Date.now()}${Math.floor(Math.random() * 1e6)}.test`;
const lookAlikes = (d: string) => [`a1\u0000@${d}`, `a1\u200b@${d}`, `\uff41\uff11@${d}`, `A1@${d.toUpperCase()}`, `a\u200d1@${d}`, `a1\u00ad@${d}`, `\u202ea1@${d}`];

describe("look-alike addresses", () => {
  it("old rule: each look-alike was a plausible, distinct stored address (the unique column did not catch them)", () => {
    const d = domain();
    const [nul, zw, full] = lookAlikes(d);
    const stored = [`a1@${d}`, nul!, zw!, full!].map(oldNormalize);
    expect(stored.every(oldPlausible)).toBe(true);
    expect(new Set(stored).size).toBe(4);
  });

  it("new rule: control and zero-width characters are refused; NFKC/case variants collide with the one account", async () => {
    const d = domain();
    const first = await createUser({ email: `a1@${d}`, password: PASSWORD });
    expect(first.ok).toBe(true);
    const [nul, zw, full, upper, zwj, shy, bidi] = lookAlikes(d);
    for (const invisible of [nul!, zw!, zwj!, shy!, bidi!]) {
      expect(isPlausibleEmail(normalizeEmail(invisible))).toBe(false);
      expect(await createUser({ email: invisible, password: PASSWORD })).toMatchObject({ ok: false, code: "invalid_input" });
    }
    for (const variant of [full!, upper!]) {
      expect(normalizeEmail(variant)).toBe(`a1@${d}`);
      expect(await createUser({ email: variant, password: PASSWORD })).toMatchObject({ ok: false, code: "signup_unavailable" });
    }
    expect(await db().user.count({ where: { email: { endsWith: d } } })).toBe(1);
  });

  it("the stored form is the canonical one, and every variant signs in to that one account", async () => {
    const d = domain();
    const r = await createUser({ email: `  \uff21\uff22c@${d}  `, password: PASSWORD, mailboxProven: true });
    expect(r.ok).toBe(true);
    const row = await db().user.findFirstOrThrow({ where: { email: { endsWith: d } }, select: { email: true } });
    expect(row.email).toBe(`abc@${d}`);
    const signIn = await passwordStep({ email: `ABC@${d}`, password: PASSWORD }, meta("203.0.113.77"));
    expect(signIn.ok).toBe(true);
  });
});
