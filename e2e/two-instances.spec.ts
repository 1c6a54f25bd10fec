// Two app instances on two ports sharing one PostgreSQL database: a revoke on instance A is
// refused on instance B on the very next request (no cache window), and brute-force counters
// are shared. Runs in CI (CI=true requires PostgreSQL); elsewhere it needs a reachable server.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { test, expect } from "./support/fixtures";
import { REPO_ROOT, e2eProcessEnv } from "./support/env";
import { freshCode } from "./support/totp";
import type { TestUser } from "./support/users";

const PG_ADMIN = process.env.SG_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PORTS = [3601, 3602] as const;
const dbName = `sg_two_${randomBytes(5).toString("hex")}`;
const dbUrl = (() => { const u = new URL(PG_ADMIN); u.pathname = `/${dbName}`; return u.toString(); })();
const servers: ChildProcess[] = [];

function env(port: number): NodeJS.ProcessEnv {
  return { ...e2eProcessEnv(), DATABASE_URL: dbUrl, PORT: String(port), APP_URL: `http://localhost:${port}`, NEXTAUTH_URL: `http://localhost:${port}` };
}

async function waitUp(port: number): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      http.get({ host: "127.0.0.1", port, path: "/sign-in", timeout: 2000 }, (r) => { r.resume(); resolve(r.statusCode === 200); }).on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`instance on ${port} did not start`);
}

function me(port: number, token: string, ua: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path: "/api/me", headers: { cookie: `__Host-sg_session=${token}`, "user-agent": ua, "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" } }, (r) => {
      let b = "";
      r.on("data", (c: Buffer) => (b += c));
      r.on("end", () => resolve({ status: r.statusCode ?? 0, body: JSON.parse(b) as Record<string, unknown> }));
    }).on("error", reject);
  });
}

test.describe.configure({ mode: "serial" });

let pgMissing = "";

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const admin = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    // Same rule as the integration suite: skipped with the reason, but required under CI=true.
    if (process.env.CI === "true") throw new Error(`PostgreSQL is required under CI=true (${PG_ADMIN}): ${(err as Error).message}`);
    pgMissing = `no PostgreSQL at ${PG_ADMIN}: ${(err as Error).message} (set SG_TEST_PG_URL)`;
    return;
  }
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  // One instance migrates first (the advisory lock would serialise two anyway).
  for (const port of PORTS) {
    const child = spawn(path.join(REPO_ROOT, "node_modules", ".bin", "tsx"), ["server.ts"], { cwd: REPO_ROOT, env: env(port), stdio: "ignore" });
    servers.push(child);
    await waitUp(port);
  }
});

test.beforeEach(() => {
  test.skip(pgMissing !== "", pgMissing);
});

test.afterAll(async () => {
  if (pgMissing) return;
  for (const s of servers) s.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 1000));
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
});

function createUser(): TestUser {
  const email = `two-${randomBytes(4).toString("hex")}@example.com`;
  const password = `Two!${randomBytes(9).toString("base64url")}`;
  const out = execFileSync(path.join(REPO_ROOT, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/user.ts", "create", "--email", email, "--password", password, "--json"], { cwd: REPO_ROOT, env: env(PORTS[0]), encoding: "utf8" });
  const j = JSON.parse(out.trim().split("\n").reverse().find((l) => l.startsWith("{")) ?? "{}") as { totpSecret: string; otpauthUri: string; recoveryCodes: string[] };
  return { email, password, role: "user", ...j };
}

test("a sign-out on instance A is refused on instance B on the very next request", async ({ browser }) => {
  const user = createUser();
  const ctx = await browser.newContext({ baseURL: `http://localhost:${PORTS[0]}` });
  const page = await ctx.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/sign-in\/mfa$/);
  await page.getByLabel("Authentication code").fill((await freshCode(user)).code);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  const token = (await ctx.cookies()).find((c) => c.name === "__Host-sg_session")?.value ?? "";
  const ua = await page.evaluate(() => navigator.userAgent);
  expect((await me(PORTS[1], token, ua)).status).toBe(200); // B accepts A's session

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reason=signed_out$/);
  const onB = await me(PORTS[1], token, ua);
  expect(onB.status).toBe(401);
  expect(onB.body.reason).toBe("signed_out");
  await ctx.close();
});

test("password failures counted on instance A block the next attempt on instance B", async ({ browser }) => {
  const user = createUser();
  const tryPassword = async (port: number, password: string) => {
    const ctx = await browser.newContext({ baseURL: `http://localhost:${port}` });
    const page = await ctx.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Continue" }).click();
    const text = await page.locator("form [role=alert]").textContent({ timeout: 15_000 });
    await ctx.close();
    return text ?? "";
  };
  for (let i = 0; i < 5; i++) expect(await tryPassword(PORTS[0], `wrong-password-${i}`)).toMatch(/Invalid email or password|Too many attempts/);
  // The right password, on the other instance: the shared counter still says no.
  expect(await tryPassword(PORTS[1], user.password)).toMatch(/Too many attempts/);
});
