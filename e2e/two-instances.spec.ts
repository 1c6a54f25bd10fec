// Two app instances on two ports sharing one PostgreSQL database: a revoke on instance A is
// refused on instance B on the very next request (no cache window), and brute-force and
// rapid-fire counters are shared — in PostgreSQL (the default) and in Redis (REDIS_URL). A third
// pair with per-process counters (RISK_STORE=memory) shows the split burst going unnoticed
// without sharing. Runs in CI (CI=true requires PostgreSQL and Redis); elsewhere it needs both.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { Redis } from "ioredis";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { REPO_ROOT, e2eProcessEnv } from "./support/env";
import type { TestUser } from "./support/users";
import { signInViaUi } from "./support/ui";

const PG_ADMIN = process.env.SG_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.SG_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const dbName = `sg_two_${randomBytes(5).toString("hex")}`;
const dbUrl = (() => { const u = new URL(PG_ADMIN); u.pathname = `/${dbName}`; return u.toString(); })();

type Pair = { name: string; ports: readonly [number, number]; env: Record<string, string>; servers: ChildProcess[] };
const PAIRS: Record<"postgres" | "redis" | "memory", Pair> = {
  postgres: { name: "PostgreSQL counters (default)", ports: [3601, 3602], env: {}, servers: [] },
  redis: { name: "Redis counters (REDIS_URL)", ports: [3603, 3604], env: { REDIS_URL }, servers: [] },
  memory: { name: "per-process counters (RISK_STORE=memory)", ports: [3605, 3606], env: { RISK_STORE: "memory" }, servers: [] },
};

function env(pair: Pair, port: number): NodeJS.ProcessEnv {
  return { ...e2eProcessEnv(), ...pair.env, DATABASE_URL: dbUrl, PORT: String(port), APP_URL: `http://localhost:${port}`, NEXTAUTH_URL: `http://localhost:${port}` };
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

let missing = "";
let redisMissing = "";

async function startPair(pair: Pair): Promise<void> {
  // One instance migrates first (the advisory lock would serialise two anyway).
  for (const port of pair.ports) {
    const child = spawn(path.join(REPO_ROOT, "node_modules", ".bin", "tsx"), ["server.ts"], { cwd: REPO_ROOT, env: env(pair, port), stdio: "ignore" });
    pair.servers.push(child);
    await waitUp(port);
  }
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const admin = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    // Same rule as the integration suite: skipped with the reason, but required under CI=true.
    if (process.env.CI === "true") throw new Error(`PostgreSQL is required under CI=true (${PG_ADMIN}): ${(err as Error).message}`);
    missing = `no PostgreSQL at ${PG_ADMIN}: ${(err as Error).message} (set SG_TEST_PG_URL)`;
    return;
  }
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const r = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on("error", () => undefined);
  try {
    await r.connect();
    await r.ping();
  } catch (err) {
    if (process.env.CI === "true") throw new Error(`Redis is required under CI=true (${REDIS_URL}): ${(err as Error).message}`);
    redisMissing = `no Redis at ${REDIS_URL}: ${(err as Error).message} (set SG_TEST_REDIS_URL)`;
  } finally {
    r.disconnect();
  }
  await startPair(PAIRS.postgres);
  if (!redisMissing) await startPair(PAIRS.redis);
  await startPair(PAIRS.memory);
});

test.beforeEach(() => {
  test.skip(missing !== "", missing);
});

test.afterAll(async () => {
  if (missing) return;
  for (const pair of Object.values(PAIRS)) for (const s of pair.servers) s.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 1000));
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
});

function createUser(): TestUser {
  const email = `two-${randomBytes(4).toString("hex")}@example.com`;
  const password = `Two!${randomBytes(9).toString("base64url")}`;
  const out = execFileSync(path.join(REPO_ROOT, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/user.ts", "create", "--email", email, "--password", password, "--json"], { cwd: REPO_ROOT, env: env(PAIRS.postgres, PAIRS.postgres.ports[0]), encoding: "utf8" });
  const j = JSON.parse(out.trim().split("\n").reverse().find((l) => l.startsWith("{")) ?? "{}") as { totpSecret: string; otpauthUri: string; recoveryCodes: string[] };
  return { email, password, role: "user", ...j };
}

async function signIn(browser: Browser, port: number, user: TestUser): Promise<{ ctx: BrowserContext; page: Page; token: string; ua: string }> {
  const ctx = await browser.newContext({ baseURL: `http://localhost:${port}` });
  const page = await ctx.newPage();
  const { token } = await signInViaUi(page, user);
  return { ctx, page, token, ua: await page.evaluate(() => navigator.userAgent) };
}

/**
 * 20 API requests in one burst, alternating between the two instances (10 each, so neither
 * instance alone sees more than the 10/s threshold); started at the top of a second so the burst
 * (~0.1-0.3 s) falls within one second. Returns the statuses in order.
 */
async function splitBurst(ports: readonly [number, number], token: string, ua: string, alternate = true): Promise<number[]> {
  await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
  const statuses: number[] = [];
  for (let i = 0; i < 20; i++) statuses.push((await me(alternate ? ports[i % 2]! : ports[0], token, ua)).status);
  return statuses;
}

for (const key of ["postgres", "redis"] as const) {
  const pair: Pair = PAIRS[key];
  const [A, B] = pair.ports;
  test.describe(`two instances, ${pair.name}`, () => {
    test.beforeEach(() => {
      test.skip(key === "redis" && redisMissing !== "", redisMissing);
    });

    test("a sign-out on instance A is refused on instance B on the very next request", async ({ browser }) => {
      const user = createUser();
      const { ctx, page, token, ua } = await signIn(browser, A, user);
      expect((await me(B, token, ua)).status).toBe(200); // B accepts A's session
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/sign-in\?reason=signed_out$/);
      const onB = await me(B, token, ua);
      expect(onB.status).toBe(401);
      expect(onB.body.reason).toBe("signed_out");
      await ctx.close();
    });

    test("password failures split across A and B add up and block the next attempt", async ({ browser }) => {
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
      // 3 on A and 2 on B: neither instance alone reached the limit of 5.
      for (let i = 0; i < 5; i++) expect(await tryPassword(i < 3 ? A : B, `wrong-password-${i}`)).toMatch(/Invalid email or password|Too many attempts/);
      // The right password, on B: the shared counter still says no.
      expect(await tryPassword(B, user.password)).toMatch(/Too many attempts/);
    });

    test("a rapid-fire burst split across A and B is noticed (shared counters)", async ({ browser }) => {
      const user = createUser();
      const { ctx, token, ua } = await signIn(browser, A, user);
      const statuses = await splitBurst(pair.ports, token, ua);
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
      expect(statuses, "the 11th request of the second is challenged, whichever instance it reaches").toContain(429);
      // The requirement is on the session row: both instances now ask for the puzzle.
      expect((await me(A, token, ua)).body.error).toBe("challenge_required");
      expect((await me(B, token, ua)).body.error).toBe("challenge_required");
      await ctx.close();
    });
  });
}

test.describe(`two instances, ${PAIRS.memory.name}: why counters must be shared`, () => {
  const [A] = PAIRS.memory.ports;
  test("the same split burst goes unnoticed, while the whole burst on one instance is challenged", async ({ browser }) => {
    const user = createUser();
    const { ctx, token, ua } = await signIn(browser, A, user);
    expect(await splitBurst(PAIRS.memory.ports, token, ua), "each instance saw only 10 in the second").not.toContain(429);
    expect(await splitBurst(PAIRS.memory.ports, token, ua, false), "one instance saw all 20").toContain(429);
    await ctx.close();
  });
});
