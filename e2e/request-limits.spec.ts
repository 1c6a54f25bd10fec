// Request limits against the built app (ADR 0012): oversized header sections, parsed headers
// (User-Agent, client hints, Sec-Fetch-*) and cookie jars are refused with 431 before Next parses
// them (never a 500, never a stall), an oversized body with 413 — declared or chunked, counted as
// it arrives (never a 500) — and a flood of
// password attempts from one address is throttled without touching another user on another
// address. Own server on 3583 with its own SQLite file, so the flood cannot throttle other specs.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { test, expect } from "./support/fixtures";
import { SESSION_COOKIE } from "./support/constants";
import { strongPassword, uniqueEmail } from "./support/users";
import { createUser, raw, rawBytes, startOwnServer, type OwnServer } from "./support/own-server";

const PORT = 3583;
const HOST = `localhost:${PORT}`;
let server: OwnServer;
let dir: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(path.join(os.tmpdir(), "sg-limits-"));
  server = await startOwnServer(PORT, `file:${path.join(dir, "limits.db")}`);
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const get = (extra: string) => `GET /sign-in HTTP/1.1\r\nHost: ${HOST}\r\n${extra}Connection: close\r\n\r\n`;

test("a header section over 16 KB gets 431, and so does a 20 KB cookie; the server keeps serving", async () => {
  expect((await rawBytes(PORT, get(`X-Pad: ${"a".repeat(20 * 1024)}\r\n`))).status).toBe(431);
  expect((await rawBytes(PORT, get(`Cookie: ${SESSION_COOKIE}=${"A".repeat(20 * 1024)}\r\n`))).status).toBe(431);
  // Many small headers adding up to more than 16 KB.
  const many = Array.from({ length: 400 }, (_, i) => `X-H${i}: ${"b".repeat(50)}\r\n`).join("");
  expect((await rawBytes(PORT, get(many))).status).toBe(431);
  expect((await raw(PORT, { path: "/sign-in" })).status).toBe(200);
});

test("a large but admissible garbage cookie (4 KB, 45 cookies) is just 'signed out', never a 500", async () => {
  for (const cookie of [`${SESSION_COOKIE}=${"A".repeat(4 * 1024)}`, Array.from({ length: 45 }, (_, i) => `c${i}=${"x".repeat(40)}`).join("; ") + `; ${SESSION_COOKIE}=%%%`]) {
    const me = await raw(PORT, { path: "/api/me", headers: { cookie } });
    expect(me.status).toBe(401);
    expect(JSON.parse(me.body)).toMatchObject({ error: "unauthenticated" });
    const page = await raw(PORT, { path: "/account", headers: { cookie, accept: "text/html" } });
    expect(page.status).toBeGreaterThanOrEqual(300);
    expect(page.status).toBeLessThan(400);
    expect(page.headers.location ?? "").toMatch(/\/(sign-in|auth\/ended)/);
  }
});

test("a server-action body over 64 KB gets 413 (fetch-style, form post, chunked: 4xx), never a 500", async () => {
  const html = (await raw(PORT, { path: "/forgot-password" })).body;
  const id = /&quot;id&quot;:&quot;([0-9a-f]+)&quot;/.exec(html)?.[1];
  expect(id, "no server action id on /forgot-password").toBeTruthy();
  const big = "a".repeat(100 * 1024);
  const same = { origin: `http://${HOST}`, host: HOST };

  const fetchStyle = await raw(PORT, { path: "/forgot-password", method: "POST", headers: { ...same, "next-action": id as string, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" }, body: JSON.stringify([{}, big]) });
  expect(fetchStyle.status).toBe(413);

  const fields = [...html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)].map((m) => [m[1] ?? "", (m[2] ?? "").replace(/&quot;/g, '"')]);
  const boundary = `----sg${randomBytes(6).toString("hex")}`;
  const multipart = (email: string) => [...fields, ["email", email]].map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") + `--${boundary}--\r\n`;
  const formHeaders = { ...same, "content-type": `multipart/form-data; boundary=${boundary}`, accept: "text/html" };
  expect((await raw(PORT, { path: "/forgot-password", method: "POST", headers: formHeaders, body: multipart(big) })).status).toBe(413);
  // The same form with an ordinary email still works: the limit only refuses the oversized body.
  expect((await raw(PORT, { path: "/forgot-password", method: "POST", headers: formHeaders, body: multipart("nobody@example.com") })).status).toBe(200);

  // A chunked body (no Content-Length) of the same size: refused before Next reads it.
  const chunk = Buffer.from(JSON.stringify([{}, big]));
  const chunked = `POST /forgot-password HTTP/1.1\r\nHost: ${HOST}\r\nOrigin: http://${HOST}\r\nNext-Action: ${id}\r\nContent-Type: text/plain;charset=UTF-8\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n0\r\n\r\n`;
  const res = await rawBytes(PORT, chunked);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect((await raw(PORT, { path: "/sign-in" })).status).toBe(200);
});

/** Step 1 of sign-in, raw: next-auth's CSRF token, then the credentials callback, from `localAddress`. */
async function passwordStep(email: string, password: string, localAddress: string): Promise<{ error: string | null; pending: boolean }> {
  const csrf = await raw(PORT, { path: "/api/auth/csrf", localAddress });
  const token = (JSON.parse(csrf.body) as { csrfToken: string }).csrfToken;
  const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const res = await raw(PORT, {
    path: "/api/auth/callback/credentials", method: "POST", localAddress,
    headers: { cookie, host: HOST, origin: `http://${HOST}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ csrfToken: token, email, password, json: "true" }).toString(),
  });
  expect(res.status, res.body).toBeLessThan(500);
  const url = (JSON.parse(res.body) as { url?: string }).url ?? "";
  const error = new URL(url, `http://${HOST}`).searchParams.get("error");
  const pending = (res.headers["set-cookie"] ?? []).some((c) => /^__Host-sg_pending=[^;]+/.test(c));
  return { error, pending };
}

test("a flood of sign-in attempts from one address is throttled; another user on another address is not", async () => {
  test.setTimeout(120_000);
  const victim = await createUser(server.env, uniqueEmail("flood-victim"), strongPassword());
  const other = await createUser(server.env, uniqueEmail("flood-other"), strongPassword());
  // Password spraying from 127.0.0.1: a different (unknown or wrong) account every time.
  let throttledAt = 0;
  const errors = new Set<string>();
  for (let i = 1; i <= 40 && !throttledAt; i++) {
    const email = i % 2 ? uniqueEmail("spray") : victim.email;
    const r = await passwordStep(email, `wrong-${i}-${randomBytes(4).toString("hex")}`, "127.0.0.1");
    expect(r.pending).toBe(false);
    errors.add(r.error ?? "");
    if (/Too many attempts/.test(r.error ?? "")) throttledAt = i;
  }
  expect(throttledAt, `errors seen: ${[...errors].join(" | ")}`).toBeGreaterThan(0);
  // Even the right password is refused from the flooding address now...
  const blocked = await passwordStep(victim.email, victim.password, "127.0.0.1");
  expect(blocked.error ?? "").toMatch(/Too many attempts/);
  expect(blocked.pending).toBe(false);
  // ...while another user signing in from another address is not affected.
  const fine = await passwordStep(other.email, other.password, "127.0.0.2");
  expect(fine.error).toBeNull();
  expect(fine.pending).toBe(true);
});

const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

test("User-Agent, client hints and Sec-Fetch-* over their documented lengths get 431; at the limit they are served", async () => {
  // A 12 KB User-Agent took ~1 s of CPU in Next's bot-detection regex: refused before Next sees it.
  const cases: [string, number][] = [["user-agent", 512], ["sec-ch-ua", 256], ["sec-ch-ua-full-version-list", 256], ["sec-ch-ua-platform", 64], ["sec-fetch-site", 32], ["sec-fetch-mode", 32], ["sec-fetch-dest", 32]];
  for (const [name, max] of cases) {
    const over = await raw(PORT, { path: "/sign-in", headers: { "user-agent": UA, [name]: "a".repeat(max + 1) } });
    expect(over.status, name).toBe(431);
    expect(over.body).toContain(`${name} is longer than ${max} bytes`);
    expect((await raw(PORT, { path: "/sign-in", headers: { "user-agent": UA, [name]: "a".repeat(max) } })).status, name).toBe(200);
  }
  expect((await raw(PORT, { path: "/sign-in", headers: { "user-agent": "a".repeat(12 * 1024) } })).status).toBe(431);
  expect((await raw(PORT, { path: "/api/me", headers: { "user-agent": "a".repeat(12 * 1024) } })).status).toBe(431);
});

test("more than 50 cookies, or more than 8 KB of them, get 431 with a way out; 50 are served", async () => {
  const jar = (n: number) => Array.from({ length: n }, (_, i) => `c${i}=1`).join("; ");
  // 2,000 cookies cost 1.8-3.6 s of parsing; 300 fit the 16 KB header section and are refused by count.
  const many = await raw(PORT, { path: "/sign-in", headers: { cookie: jar(300) } });
  expect(many.status).toBe(431);
  expect(many.body).toContain("More than 50 cookies. Clear this site's cookies");
  expect((await raw(PORT, { path: "/sign-in", headers: { cookie: jar(51) } })).status).toBe(431);
  expect((await raw(PORT, { path: "/sign-in", headers: { cookie: jar(50) } })).status).toBe(200);
  const large = await raw(PORT, { path: "/api/me", headers: { cookie: `${SESSION_COOKIE}=${"A".repeat(9 * 1024)}` } });
  expect(large.status).toBe(431);
  expect(large.body).toContain("Cookies are larger than 8192 bytes");
});

/** A chunked request (no Content-Length), written as `chunks` pieces of `each` bytes. */
function chunkedPost(pathname: string, headers: string, chunks: number, each: number): string {
  const piece = "a".repeat(each);
  const body = Array.from({ length: chunks }, () => `${each.toString(16)}\r\n${piece}\r\n`).join("") + "0\r\n\r\n";
  return `POST ${pathname} HTTP/1.1\r\nHost: ${HOST}\r\nOrigin: http://${HOST}\r\n${headers}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n${body}`;
}

test("chunked bodies are counted as they arrive: over 64 KB is 413 for pages, actions and API routes", async () => {
  // 70 chunks of 1 KB: no single chunk, and no header, says how large the body is.
  const form = "Content-Type: application/x-www-form-urlencoded\r\n";
  expect((await rawBytes(PORT, chunkedPost("/forgot-password", form, 70, 1024))).status).toBe(413);
  expect((await rawBytes(PORT, chunkedPost("/api/auth/callback/credentials", form, 70, 1024))).status).toBe(413);
  // A route without a POST handler answers 405 before it would read the body: a 4xx either way.
  expect((await rawBytes(PORT, chunkedPost("/api/me", "Content-Type: application/json\r\n", 70, 1024))).status).toBe(405);
  // Under the limit, a chunked no-JavaScript post is served as before.
  expect((await rawBytes(PORT, chunkedPost("/forgot-password", form, 4, 1024))).status).toBe(200);
  expect((await raw(PORT, { path: "/sign-in" })).status).toBe(200);
});
