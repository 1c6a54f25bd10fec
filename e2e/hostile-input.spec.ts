// Hostile input against the built app (issue 12). Every route handler and every server action is
// enumerated from the build's own manifests (.next/server/*-manifest.json), so a new one is fuzzed
// without touching this file. Each gets malformed bodies, wrong content types, wrong argument
// counts and types, oversized fields, NUL/control characters and unpaired surrogates, signed out
// and signed in: the answer is always a 4xx (or the page re-rendered with an error), never a 5xx,
// and the accounts, sessions, factors and mail queue are byte-for-byte what they were.
// Own server on 3584 with its own SQLite file. Its risk engine weighs nothing, so its own
// (legitimate) writes — a burst of requests asks for a puzzle — cannot blur the "no write" check.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { test, expect } from "./support/fixtures";
import { REPO_ROOT } from "./support/env";
import { SESSION_COOKIE } from "./support/constants";
import { sameBrowserHeaders } from "./support/http";
import { signInViaUi } from "./support/ui";
import { strongPassword, uniqueEmail } from "./support/users";
import { createUser, raw, type OwnServer, type RawRes, startOwnServer } from "./support/own-server";

const PORT = 3584;
const HOST = `localhost:${PORT}`;
const QUIET_RISK = JSON.stringify({
  weights: Object.fromEntries(["ipSamePrefix", "ipNewPrefix", "uaVersionChange", "uaChanged", "hintsDisagree", "impossibleTravel", "countryChanged", "rapidFire", "rapidFireAfterChallenge", "navigationSkipped", "fetchMetadataMissing", "crossSite", "repeatedFailures", "manyFailures"].map((k) => [k, 0])),
});

let server: OwnServer;
let dir: string;
let dbFile: string;
let cookie = "";
let browser: Record<string, string> = {};

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser: chromium }) => {
  test.setTimeout(180_000);
  dir = mkdtempSync(path.join(os.tmpdir(), "sg-hostile-"));
  dbFile = path.join(dir, "hostile.db");
  server = await startOwnServer(PORT, `file:${dbFile}`, 120_000, { RISK_CONFIG_JSON: QUIET_RISK });
  const user = await createUser(server.env, uniqueEmail("fuzz"), strongPassword());
  const context = await chromium.newContext();
  const page = await context.newPage();
  const signedIn = await signInViaUi(page, user, server.url);
  cookie = `${SESSION_COOKIE}=${signedIn.token}`;
  browser = await sameBrowserHeaders(page);
  await context.close();
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// --- what the build contains ------------------------------------------------------------------

type ActionEntry = { workers: Record<string, unknown>; filename: string; exportedName: string };
const manifest = (name: string) => JSON.parse(readFileSync(path.join(REPO_ROOT, ".next", "server", name), "utf8")) as Record<string, unknown>;

/** "app/admin/users/[id]/page" → "/admin/users/x" (a dynamic segment gets a value that matches nothing). */
function urlOf(worker: string): string {
  const p = worker.replace(/^app/, "").replace(/\/(page|route)$/, "").replace(/\[\[?\.\.\.[^\]]+\]\]?/g, "x/y").replace(/\[[^\]]+\]/g, "x");
  return p === "" ? "/" : p;
}

function serverActions(): { id: string; name: string; page: string }[] {
  const node = (manifest("server-reference-manifest.json").node ?? {}) as Record<string, ActionEntry>;
  return Object.entries(node).map(([id, a]) => ({ id, name: `${a.filename}#${a.exportedName}`, page: urlOf(Object.keys(a.workers)[0] ?? "app/page") }));
}

function routeHandlers(): string[] {
  return Object.keys(manifest("app-paths-manifest.json")).filter((k) => k.endsWith("/route")).map((k) => urlOf(`app${k}`));
}

// --- what we send -------------------------------------------------------------------------------

const BIG = "A".repeat(60 * 1024);
const DEEP = `${"[".repeat(3000)}${"]".repeat(3000)}`;

function multipart(parts: [string, string][], boundary = "----sgfuzz"): { type: string; body: string } {
  const body = parts.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") + `--${boundary}--\r\n`;
  return { type: `multipart/form-data; boundary=${boundary}`, body };
}

/** Calls the way React's client encodes them (fetch, Next-Action header; "_1_x" is field x of the FormData "$K1"), every one malformed. */
function fetchStyleCases(): { label: string; type: string; body: string }[] {
  const text = (label: string, body: string) => ({ label, type: "text/plain;charset=UTF-8", body });
  // React's client sends the root argument list ("0") last, after the FormData entries it refers to.
  const mp = (label: string, parts: [string, string][]) => ({ label, ...multipart([...parts.filter(([k]) => k !== "0"), ...parts.filter(([k]) => k === "0")]) });
  return [
    text("truncated JSON", '[{"a":'),
    text("not an argument list", '{"a":1}'),
    text("no arguments", "[]"),
    text("a string for every argument", '["x","y"]'),
    text("numbers and null", "[1,null,3.5]"),
    text("state then a string", '[{},"email"]'),
    text("state then an object for the form", '[{},{"email":"a@example.com"}]'),
    // ("$K1" alone would be a well-formed empty FormData: a valid call of a one-argument action.)
    text("references to parts that do not exist", '["$Q3","$@2","$B4"]'),
    text("a FormData reference in the wrong place", '["$K1",{},"$K1"]'),
    text("NUL and an unpaired surrogate", '[{},"\\u0000\\ud800"]'),
    text("60 KB field", JSON.stringify([{}, BIG])),
    text("3,000 levels deep", DEEP),
    { label: "JSON content type", type: "application/json", body: "[{}]" },
    { label: "XML content type", type: "application/xml", body: "<a/>" },
    { label: "multipart without a boundary", type: "multipart/form-data", body: "--x\r\n\r\n" },
    { label: "multipart with the wrong boundary", type: "multipart/form-data; boundary=abc", body: "--zzz\r\nContent-Disposition: form-data; name=\"0\"\r\n\r\n[]\r\n--zzz--\r\n" },
    { label: "multipart cut short", type: "multipart/form-data; boundary=abc", body: '--abc\r\nContent-Disposition: form-data; name="0"\r\n\r\n[{},"$K1"]' },
    mp("form with a NUL in a field", [["0", '[{},"$K1"]'], ["_1_email", "a\u0000@example.com"], ["_1_sessionId", "x\u0000"], ["_1_code", "\u0000"]]),
    mp("form with control characters", [["0", '[{},"$K1"]'], ["_1_email", "\u001b[2Ja@example.com"], ["_1_address", "\u0007\u0008"], ["_1_reason", "\u001f"]]),
    mp("form with a 5,000-character field", [["0", '[{},"$K1"]'], ["_1_email", `${"a".repeat(5000)}@example.com`], ["_1_reason", "r".repeat(5000)]]),
    mp("one-argument form call with a NUL", [["0", '["$K1"]'], ["_1_email", "\u0000"], ["_1_payload", "\u0000"]]),
    mp("form as the state argument", [["0", '["$K1","$K1"]'], ["_1_x", "\u0000"]]),
  ];
}

/** A no-JavaScript form post straight to the action id: Next calls it with the FormData alone. */
function noJsCases(id: string): { label: string; type: string; body: string }[] {
  return [
    { label: "no-JS post, form as the only argument", ...multipart([[`$ACTION_ID_${id}`, ""], ["email", "\u0000"], ["sessionId", "x"]]) },
    { label: "no-JS post, broken bound arguments", ...multipart([["$ACTION_REF_1", ""], ["$ACTION_1:0", `{"id":"${id}","bound":"$@1"}`], ["$ACTION_1:1", "[{"], ["email", "a"]]) },
    { label: "no-JS post, bad multipart framing", type: "multipart/form-data; boundary=zz", body: `--zz\r\nContent-Disposition: form-data; name="$ACTION_ID_${id}"\r\n\r\n` },
  ];
}

const ROUTE_BODIES: { label: string; type?: string; body?: string }[] = [
  { label: "no body" },
  { label: "broken JSON", type: "application/json", body: '{"a":' },
  { label: "urlencoded garbage", type: "application/x-www-form-urlencoded", body: "a=%%&\u0000=\ud800&csrfToken[]=1" },
  { label: "multipart without a boundary", type: "multipart/form-data", body: "xx" },
  { label: "60 KB of text", type: "text/plain", body: BIG },
  { label: "NUL bytes", type: "application/octet-stream", body: "\u0000\u0000\u0000" },
];

// --- what must hold ------------------------------------------------------------------------------

/** Everything a request could change about accounts, factors, sessions and mail. Touch times and counters excluded. */
function snapshot(): string {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = (sql: string) => db.prepare(sql).all();
    return JSON.stringify({
      users: rows(`SELECT * FROM "User" ORDER BY "id"`),
      totp: rows(`SELECT * FROM "TotpCredential" ORDER BY "userId"`),
      recovery: rows(`SELECT * FROM "RecoveryCode" ORDER BY "id"`),
      sessions: rows(`SELECT "id","tokenHash","userId","status","requiredAction","mfaAt","rotatedAt","role","endedAt","endedReason","flagReason" FROM "Session" ORDER BY "id"`),
      resets: rows(`SELECT * FROM "PasswordReset" ORDER BY "id"`),
      mail: rows(`SELECT "id","to","subject" FROM "OutboxEmail" ORDER BY "id"`),
      notifications: rows(`SELECT "id","kind" FROM "Notification" ORDER BY "id"`),
      audit: rows(`SELECT "id" FROM "AuditLog" ORDER BY "id"`),
      devices: rows(`SELECT * FROM "KnownDevice" ORDER BY "id"`),
      emailChanges: rows(`SELECT * FROM "EmailChange" ORDER BY "id"`),
      puzzles: rows(`SELECT * FROM "PowChallenge" ORDER BY "id"`),
      passkeys: rows(`SELECT * FROM "Passkey" ORDER BY "id"`),
      webauthnChallenges: rows(`SELECT * FROM "WebAuthnChallenge" ORDER BY "id"`),
    });
  } finally {
    db.close();
  }
}

function expectNot5xx(res: RawRes, what: string): void {
  expect(res.status, `${what} → ${res.status}\n${res.body.slice(0, 300)}\n--- server log:\n${server.log().slice(-2000)}`).toBeGreaterThanOrEqual(200);
  expect(res.status, `${what} → ${res.status}\n${res.body.slice(0, 300)}\n--- server log:\n${server.log().slice(-2000)}`).toBeLessThan(500);
}

test("the build lists the actions and route handlers this spec walks", () => {
  const actions = serverActions().map((a) => a.name);
  expect(actions).toEqual(expect.arrayContaining(["app/account/actions.ts#saveEmail", "app/account/devices/actions.ts#signOutEverywhere", "app/sign-out/actions.ts#signOut", "app/account/security/passkeys/actions.ts#finishPasskeyEnrolment", "app/sign-in/mfa/actions.ts#finishPasskeySignIn", "app/step-up/actions.ts#finishPasskeyStepUp"]));
  expect(actions.length).toBeGreaterThanOrEqual(20);
  expect(routeHandlers()).toEqual(expect.arrayContaining(["/api/me", "/auth/ended", "/api/auth/x/y"]));
});

test("every server action answers every malformed call with a 4xx and writes nothing, signed out and signed in", async () => {
  test.setTimeout(300_000);
  const before = snapshot();
  const origin = { origin: `http://${HOST}`, host: HOST };
  const changedBy: string[] = [];
  let calls = 0;
  let badInput = 0;
  for (const who of ["signed out", "signed in"] as const) {
    const auth = who === "signed in" ? { cookie, ...browser } : {};
    for (const a of serverActions()) {
      for (const c of fetchStyleCases()) {
        const res = await raw(PORT, { path: a.page, method: "POST", headers: { ...origin, ...auth, "next-action": a.id, "content-type": c.type, accept: "text/x-component" }, body: c.body });
        expectNot5xx(res, `${who} ${a.name} ${c.label}`);
        calls++;
        if (res.status === 400 || res.status === 413 || res.status === 415) badInput++;
        if (changedBy.length === 0 && snapshot() !== before) changedBy.push(`${who} ${a.name}: ${c.label} → ${res.status}`);
      }
      for (const c of noJsCases(a.id)) {
        const res = await raw(PORT, { path: a.page, method: "POST", headers: { ...origin, ...auth, "content-type": c.type, accept: "text/html" }, body: c.body });
        expectNot5xx(res, `${who} ${a.name} ${c.label}`);
        calls++;
        if (changedBy.length === 0 && snapshot() !== before) changedBy.push(`${who} ${a.name}: ${c.label} → ${res.status}`);
      }
    }
  }
  expect(changedBy, "stored state changed by this malformed call (the first one that changed it)").toEqual([]);
  expect(snapshot()).toBe(before);
  // Most answers are the explicit 400/413/415; the rest are redirects or 404s of the guards.
  expect(badInput).toBeGreaterThan(calls / 2);
  // The signed-in session survived all of it.
  expect((await raw(PORT, { path: "/api/me", headers: { cookie, ...browser } })).status).toBe(200);
});

test("a server action whose arguments do not parse answers 400 with the page's error state, not a 500", async () => {
  const a = serverActions().find((x) => x.name === "app/forgot-password/actions.ts#requestReset");
  expect(a).toBeTruthy();
  const res = await raw(PORT, { path: "/forgot-password", method: "POST", headers: { origin: `http://${HOST}`, host: HOST, "next-action": a?.id ?? "", "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" }, body: '["x",5]' });
  expect(res.status).toBe(400);
  expect(res.body).toContain("This form could not be read");
});

test("every route handler answers every method and malformed body with a 4xx (or its normal answer), never a 5xx", async () => {
  test.setTimeout(180_000);
  const before = snapshot();
  const paths = [...routeHandlers(), "/api/auth/callback/credentials", "/api/auth/csrf", "/api/auth/signout", "/api/auth/verify-request"];
  for (const p of paths) {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      for (const b of method === "GET" ? [ROUTE_BODIES[0] ?? { label: "no body" }] : ROUTE_BODIES) {
        for (const auth of [{}, { cookie, ...browser }]) {
          const res = await raw(PORT, { path: p, method, headers: { origin: `http://${HOST}`, host: HOST, ...auth, ...(b.type ? { "content-type": b.type } : {}) }, body: b.body });
          // The fail-closed page's whole purpose is its 503 (GET); every other method is a 405.
          if (p === "/unavailable" && method === "GET") expect(res.status).toBe(503);
          else expectNot5xx(res, `${method} ${p} ${b.label}`);
        }
      }
    }
  }
  expect(snapshot()).toBe(before);
});

test("next-auth endpoints the app does not use are 404, a wrong method 405 (GET callback/credentials was a 500)", async () => {
  const get = await raw(PORT, { path: "/api/auth/callback/credentials" });
  expect(get.status).toBe(405);
  expect(get.headers.allow).toBe("POST");
  expect((await raw(PORT, { path: "/api/auth/signout" })).status).toBe(404);
  expect((await raw(PORT, { path: "/api/auth/csrf" })).status).toBe(200);
});
