// `npm run setup`: prepares a local install — .env with fresh random secrets (never committed),
// the embedded SQLite database (migrations) and a demo user + demo admin, whose passwords and
// TOTP secrets are printed. Safe to run again: existing values and users are kept.
// SG_ENV_FILE writes the secrets elsewhere than ./.env (the documented-commands test uses it).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

const ENV = process.env.SG_ENV_FILE || ".env";
const wanted: Record<string, () => string> = {
  AUTH_SECRET: () => randomBytes(32).toString("base64url"),
  TOTP_ENCRYPTION_KEY: () => randomBytes(32).toString("hex"),
};
let text = existsSync(ENV) ? readFileSync(ENV, "utf8") : "# Written by `npm run setup`. Local secrets: never commit this file.\n";
for (const [k, gen] of Object.entries(wanted)) {
  if (!new RegExp(`^${k}=`, "m").test(text)) text += `${k}=${gen()}\n`;
}
writeFileSync(ENV, text, { mode: 0o600 });
console.log(`✔ ${ENV} has AUTH_SECRET and TOTP_ENCRYPTION_KEY`);

const run = (args: string[]) => spawnSync("npx", args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
const gen = spawnSync("npx", ["tsx", "scripts/db/generate.ts"], { stdio: ["ignore", "ignore", "inherit"] });
if (gen.status !== 0) process.exit(gen.status ?? 1);
console.log("✔ Prisma clients generated");

const demo = [
  { email: "demo@sessionguard.test", password: "demo-password-2026", admin: false },
  { email: "admin@sessionguard.test", password: "admin-password-2026", admin: true },
];
for (const u of demo) {
  const r = run(["tsx", "--conditions=react-server", "scripts/user.ts", "create", "--email", u.email, "--password", u.password, ...(u.admin ? ["--admin"] : []), "--json"]);
  if (r.status === 0) {
    const out = JSON.parse(r.stdout) as { totpSecret: string; recoveryCodes: string[] };
    console.log(`✔ ${u.admin ? "demo admin" : "demo user "}  ${u.email}  password: ${u.password}  TOTP secret: ${out.totpSecret}`);
    console.log(`   a current code: npm run totp -- ${out.totpSecret}`);
  } else if (r.stderr.includes("could not create an account")) {
    console.log(`• ${u.email} already exists (kept; its TOTP secret was shown when it was created)`);
  } else {
    console.error(r.stderr);
    process.exit(1);
  }
}
