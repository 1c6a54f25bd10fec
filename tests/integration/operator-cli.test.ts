// The operator CLI against a real database: an administrator's revocation ends every session
// (the holder is told "signed out by an administrator") and alerts the user in-app and by mail.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createSession } from "@/lib/session/store";
import { validateSessionToken } from "@/lib/session/validate";
import { makeUser, meta } from "../support/fixtures";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

function cli(args: string[]) {
  return spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/user.ts", ...args], {
    cwd: ROOT, encoding: "utf8", timeout: 60_000,
    env: { ...process.env, SMTP_URL: "", LOG_LEVEL: "warn" },
  });
}

describe("npm run user -- revoke-sessions", () => {
  it("ends every session as an administrator and alerts the user", async () => {
    const u = await makeUser();
    const a = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });
    const b = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta("198.51.100.8") });
    const r = cli(["revoke-sessions", "--email", u.email, "--reason", "suspected hijack"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("ended 2 session(s)");
    for (const s of [a, b]) expect(await validateSessionToken(s.token, meta())).toMatchObject({ ok: false, reason: "revoked_admin" });
    expect(await db().notification.count({ where: { userId: u.userId, kind: "revoked_by_admin" } })).toBe(1);
    const mail = await db().outboxEmail.findFirst({ where: { to: u.email }, orderBy: { createdAt: "desc" } });
    expect(mail?.subject).toMatch(/administrator/i);
    expect(mail?.text).not.toContain(a.token);
  });

  it("refuses an unknown email with a clear message", () => {
    const r = cli(["revoke-sessions", "--email", "nobody@example.test"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("no user with email");
  });
});
