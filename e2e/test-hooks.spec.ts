// The simulator's test hooks (ADR 0009) against the built app: with SG_TEST_HOOKS off they are
// unknown routes (404, the same page as any unknown URL); on, the token hook returns fresh tokens
// from the session minter, and the expiry hook ends exactly the caller's own session — the same
// cookie then gets 401 on /api/me with the idle or absolute reason, another session keeps working.
// Own servers on 3593 (hooks on) and 3594 (hooks off), each with its own SQLite file.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { SESSION_COOKIE, TOKEN_RE } from "./support/constants";
import { sameBrowserHeaders } from "./support/http";
import { signInViaUi } from "./support/ui";
import { strongPassword, uniqueEmail, type TestUser } from "./support/users";
import { createUser, raw, startOwnServer, type OwnServer } from "./support/own-server";

const ON_PORT = 3593;
const OFF_PORT = 3594;
let on: OwnServer;
let off: OwnServer;
let dir: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = mkdtempSync(path.join(os.tmpdir(), "sg-hooks-"));
  [on, off] = await Promise.all([
    startOwnServer(ON_PORT, `file:${path.join(dir, "on.db")}`, 120_000, { SG_TEST_HOOKS: "true" }),
    startOwnServer(OFF_PORT, `file:${path.join(dir, "off.db")}`, 120_000, { SG_TEST_HOOKS: "false" }),
  ]);
});

test.afterAll(async () => {
  await Promise.all([on?.stop(), off?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Page bodies differ only by the per-request CSP nonce. */
const sameShape = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/'nonce-[^']*'/g, "'nonce-'");

test("hooks off: both hooks answer exactly like an unknown route (and nothing is minted or ended)", async () => {
  const unknownGet = await raw(OFF_PORT, { path: "/api/no-such-thing", headers: { accept: "application/json" } });
  expect(unknownGet.status).toBe(404);
  const tokens = await raw(OFF_PORT, { path: "/api/test-hooks/tokens?n=50", headers: { accept: "application/json" } });
  expect(tokens.status).toBe(404);
  expect(tokens.headers["content-type"]).toBe(unknownGet.headers["content-type"]);
  expect(sameShape(tokens.body)).toBe(sameShape(unknownGet.body));
  expect(tokens.body).not.toMatch(/"tokens"/);

  const body = JSON.stringify({ kind: "idle" });
  const post = { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body };
  const unknownPost = await raw(OFF_PORT, { path: "/api/no-such-thing", ...post });
  const expire = await raw(OFF_PORT, { path: "/api/test-hooks/expire-session", ...post });
  expect(expire.status).toBe(404);
  expect(expire.status).toBe(unknownPost.status);
  expect(expire.headers["content-type"]).toBe(unknownPost.headers["content-type"]);
  expect(sameShape(expire.body)).toBe(sameShape(unknownPost.body));
});

test("hooks on: 50 distinct 43-character base64url tokens per call, bounded n", async () => {
  const res = await raw(ON_PORT, { path: "/api/test-hooks/tokens?n=50", headers: { accept: "application/json" } });
  expect(res.status).toBe(200);
  expect(res.headers["cache-control"]).toMatch(/no-store/);
  const { tokens } = JSON.parse(res.body) as { tokens: string[] };
  expect(tokens).toHaveLength(50);
  for (const t of tokens) expect(t).toMatch(TOKEN_RE);
  expect(new Set(tokens).size).toBe(50);
  const again = (JSON.parse((await raw(ON_PORT, { path: "/api/test-hooks/tokens?n=50" })).body) as { tokens: string[] }).tokens;
  expect(again.filter((t) => tokens.includes(t))).toEqual([]);
  for (const n of ["0", "1001", "abc", "2.5"]) expect((await raw(ON_PORT, { path: `/api/test-hooks/tokens?n=${n}` })).status).toBe(400);
});

async function signIn(browser: Browser, user: TestUser, server: OwnServer) {
  const ctx = await browser.newContext({ baseURL: server.url });
  const page = await ctx.newPage();
  const { token } = await signInViaUi(page, user);
  const headers = { ...(await sameBrowserHeaders(page)), cookie: `${SESSION_COOKIE}=${token}`, accept: "application/json" };
  return { ctx, headers };
}

test("hooks on: expiring idle, then absolute, ends only the caller's session; the same cookie gets 401", async ({ browser }) => {
  test.setTimeout(150_000);
  const created = await createUser(on.env, uniqueEmail("hooks"), strongPassword());
  const user: TestUser = { ...created, otpauthUri: "", recoveryCodes: [], role: "user" };
  const a = await signIn(browser, user, on);
  const b = await signIn(browser, user, on);
  try {
    const me = (h: Record<string, string>) => raw(ON_PORT, { path: "/api/me", headers: h });
    const expire = (h: Record<string, string>, kind: string, contentType = "application/json") =>
      raw(ON_PORT, { path: "/api/test-hooks/expire-session", method: "POST", headers: { ...h, "content-type": contentType }, body: JSON.stringify({ kind }) });
    expect((await me(a.headers)).status).toBe(200);
    expect((await me(b.headers)).status).toBe(200);

    // Only an authenticated caller, only JSON, only the two kinds.
    const { cookie: _cookie, ...noCookie } = a.headers;
    expect((await expire(noCookie, "idle")).status).toBe(401);
    expect((await expire(a.headers, "idle", "text/plain")).status).toBe(415);
    expect((await expire(a.headers, "forever")).status).toBe(400);
    expect((await me(a.headers)).status).toBe(200);

    const idle = await expire(a.headers, "idle");
    expect(idle.status).toBe(200);
    const endedA = await me(a.headers);
    expect(endedA.status).toBe(401);
    expect(JSON.parse(endedA.body)).toMatchObject({ error: "unauthenticated", reason: "expired_idle" });
    // The other session of the same user was not touched.
    expect((await me(b.headers)).status).toBe(200);

    expect((await expire(b.headers, "absolute")).status).toBe(200);
    const endedB = await me(b.headers);
    expect(endedB.status).toBe(401);
    expect(JSON.parse(endedB.body)).toMatchObject({ error: "unauthenticated", reason: "expired_absolute" });
    // An ended session cannot call the hook again.
    expect((await expire(b.headers, "idle")).status).toBe(401);
  } finally {
    await a.ctx.close();
    await b.ctx.close();
  }
});
