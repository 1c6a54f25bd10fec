// Every command the README, `npm run setup`/`npm run demo` and the --help texts print, run exactly
// as a newcomer types it (`npm run X -- args`, no extra flags) against this file's scratch database,
// with its output checked. `npm run totp` used to crash under plain tsx (a server-only import).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { matchTotp } from "@/lib/auth/totp";
import { createSession } from "@/lib/session/store";
import { makeUser, meta } from "../support/fixtures";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");

function npm(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync("npm", ["run", ...args], {
    cwd: ROOT, encoding: "utf8", timeout: 120_000,
    env: { ...process.env, SMTP_URL: "", LOG_LEVEL: "warn", npm_config_update_notifier: "false", ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The JSON line a `--json` command prints (npm's own banner lines come first). */
const jsonLine = (stdout: string) => JSON.parse(stdout.split("\n").find((l) => l.startsWith("{")) ?? "null") as Record<string, unknown>;

const now = () => Math.floor(Date.now() / 1000);
const uniqueEmail = (tag: string) => `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;

describe("the newcomer path: npm run setup, then the command it prints", () => {
  it("setup writes the secrets file, creates the demo users and prints a totp command that works as printed", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sg-setup-"));
    const envFile = path.join(dir, ".env");
    const r = npm(["setup"], { SG_ENV_FILE: envFile });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    expect(readFileSync(envFile, "utf8")).toMatch(/^AUTH_SECRET=.{40,}$/m);
    expect(statSync(envFile).mode & 0o077).toBe(0);
    const printed = [...r.stdout.matchAll(/a current code: (npm run totp -- ([A-Z2-7]+))/g)];
    expect(printed).toHaveLength(2);
    for (const m of printed) {
      const [command, secret] = [m[1] ?? "", m[2] ?? ""];
      const args = command.split(" ").slice(2); // "npm run" then exactly what was printed
      const code = npm(args);
      expect(code.status, code.stderr).toBe(0);
      const digits = code.stdout.trim().split("\n").at(-1) ?? "";
      expect(digits).toMatch(/^\d{6}$/);
      expect(matchTotp(secret, digits, now())).not.toBeNull();
    }
    const again = npm(["setup"], { SG_ENV_FILE: envFile });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("already exists (kept");
  }, 180_000);

  it("the README names the same totp command", () => {
    expect(README).toContain("npm run totp -- <secret>");
  });
});

describe("npm run totp", () => {
  it("explains bad input and --help instead of crashing", () => {
    const none = npm(["totp"]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("usage: npm run totp -- <base32 secret>");
    const bad = npm(["totp", "--", "not-a-secret!"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("not a base32 TOTP secret");
    const help = npm(["totp", "--", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("usage:");
  });
});

describe("npm run user (README: Operator CLI)", () => {
  it("create prints the secret, URI and recovery codes once; --json parses; the account works", async () => {
    const email = uniqueEmail("cli");
    const text = npm(["user", "--", "create", "--email", email, "--password", "cli-password-2026-long"]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain(`created user ${email}`);
    expect(text.stdout).toMatch(/TOTP secret: [A-Z2-7]{32}/);
    expect(text.stdout).toContain("otpauth://totp/");
    expect(await db().user.findUnique({ where: { email }, select: { role: true } })).toEqual({ role: "user" });

    const adminEmail = uniqueEmail("cli-admin");
    const json = npm(["user", "--", "create", "--email", adminEmail, "--password", "cli-password-2026-long", "--admin", "--json"]);
    expect(json.status, json.stderr).toBe(0);
    const out = jsonLine(json.stdout);
    expect(out).toMatchObject({ email: adminEmail, role: "admin" });
    expect(out.recoveryCodes).toHaveLength(10);
    const dup = npm(["user", "--", "create", "--email", adminEmail, "--password", "cli-password-2026-long"]);
    expect(dup.status).toBe(1);
    expect(dup.stderr).toMatch(/^error: /m);
  }, 60_000);

  it("lock ends sessions and refuses sign-in; unlock; promote and demote change the role", async () => {
    const u = await makeUser();
    await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });
    const lock = npm(["user", "--", "lock", "--email", u.email, "--reason", "laptop stolen"]);
    expect(lock.status, lock.stderr).toBe(0);
    expect(lock.stdout).toContain(`locked ${u.email}; 1 session(s) ended`);
    expect((await db().user.findUniqueOrThrow({ where: { id: u.userId } })).lockedAt).not.toBeNull();
    expect(await db().session.count({ where: { userId: u.userId, status: { in: ["active", "flagged"] } } })).toBe(0);

    const unlock = npm(["user", "--", "unlock", "--email", u.email]);
    expect(unlock.status, unlock.stderr).toBe(0);
    expect(unlock.stdout).toContain(`unlocked ${u.email}`);
    expect((await db().user.findUniqueOrThrow({ where: { id: u.userId } })).lockedAt).toBeNull();

    const promote = npm(["user", "--", "promote", "--email", u.email]);
    expect(promote.status, promote.stderr).toBe(0);
    expect((await db().user.findUniqueOrThrow({ where: { id: u.userId } })).role).toBe("admin");
    const demote = npm(["user", "--", "demote", "--email", u.email]);
    expect(demote.status, demote.stderr).toBe(0);
    expect((await db().user.findUniqueOrThrow({ where: { id: u.userId } })).role).toBe("user");
  }, 90_000);

  it("revoke-sessions ends every session; unknown email and missing arguments are explained", async () => {
    const u = await makeUser();
    await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });
    const r = npm(["user", "--", "revoke-sessions", "--email", u.email, "--reason", "suspected hijack"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`ended 1 session(s) of ${u.email}`);
    const unknown = npm(["user", "--", "lock", "--email", "nobody@example.test"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("no user with email");
    const usage = npm(["user"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("usage: npm run user -- create");
    const help = npm(["user", "--", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("npm run user -- revoke-sessions --email E");
  }, 60_000);
});

describe("database and maintenance commands", () => {
  it("db:migrate reports the database up to date", () => {
    const r = npm(["db:migrate"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/(sqlite|postgresql): up to date \(\d+ already applied\)/);
  });

  it("sessions:purge deletes old rows, --dry-run deletes nothing, bad numbers are explained", async () => {
    const u = await makeUser();
    const s = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });
    const longAgo = new Date(Date.now() - 90 * 86_400_000);
    await db().session.update({ where: { id: s.sessionId }, data: { status: "revoked", endedAt: longAgo, createdAt: longAgo, lastSeenAt: longAgo } });
    const dry = npm(["sessions:purge", "--", "--dry-run"]);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/would delete .*: [1-9]\d* sessions/);
    expect(await db().session.count({ where: { id: s.sessionId } })).toBe(1);
    const real = npm(["sessions:purge"]);
    expect(real.status, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/deleted: [1-9]\d* sessions/);
    expect(await db().session.count({ where: { id: s.sessionId } })).toBe(0);
    const help = npm(["sessions:purge", "--", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("usage: npm run sessions:purge -- [--dry-run]");
    const bad = npm(["sessions:purge", "--", "--batch=-5"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("usage: npm run sessions:purge");
  }, 60_000);

  it("db:migration with an unchanged schema writes nothing", () => {
    const r = npm(["db:migration", "--", "nothing_changed"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("sqlite: no changes");
    expect(r.stdout).toContain("postgresql: no changes");
  }, 120_000);

  it("attack --help prints the simulator's usage", () => {
    const r = npm(["attack", "--", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("usage: npm run attack -- --url URL");
  });
});
