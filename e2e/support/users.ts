// Users made by the operator CLI (scripts/user.ts), against the e2e server's database.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { REPO_ROOT, e2eProcessEnv } from "./env";

export interface TestUser {
  email: string;
  password: string;
  totpSecret: string;
  otpauthUri: string;
  recoveryCodes: string[];
  role: string;
  /** Highest TOTP step this test has had accepted for the user (see freshCode). */
  lastStep?: number;
}

export function uniqueEmail(tag: string): string {
  return `e2e-${tag}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}@example.com`;
}

export function strongPassword(): string {
  return `E2e!${randomBytes(9).toString("base64url")}-pw`;
}

export function createUserViaCli(opts: { tag?: string; email?: string; password?: string; admin?: boolean } = {}): TestUser {
  const email = opts.email ?? uniqueEmail(opts.tag ?? "user");
  const password = opts.password ?? strongPassword();
  const args = ["--conditions=react-server", "scripts/user.ts", "create", "--email", email, "--password", password, "--json"];
  if (opts.admin) args.push("--admin");
  const stdout = execFileSync(path.join(REPO_ROOT, "node_modules", ".bin", "tsx"), args, {
    cwd: REPO_ROOT,
    env: e2eProcessEnv(),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
  });
  const line = stdout.split("\n").reverse().find((l) => l.trim().startsWith("{"));
  if (!line) throw new Error(`user CLI printed no JSON:\n${stdout}`);
  const out = JSON.parse(line) as Omit<TestUser, "password">;
  if (!out.totpSecret || !Array.isArray(out.recoveryCodes)) throw new Error(`unexpected CLI output: ${line}`);
  return { ...out, password };
}
