import { test, expect } from "./support/fixtures";
import { PENDING_COOKIE, SESSION_COOKIE } from "./support/constants";
import { rawRequest, type RawResponse } from "./support/http";
import { createUserViaCli, type TestUser } from "./support/users";

// Decodable garbage reaches the guard and is rejected as "malformed" (and /auth/ended clears it).
// Values that are not valid percent-encoding are dropped by Next's cookie parser before the app
// sees them, so they count as no cookie at all ("missing", plain redirect to /sign-in).
const MALFORMED: { name: string; value: string; reason: "malformed" | "missing" }[] = [
  { name: "percent garbage", value: "%%%", reason: "missing" },
  { name: "bad escape", value: "%E0%A4%A", reason: "missing" },
  // 6 KB: larger than any real cookie, under the 8 KiB cookie cap (over it: 431, e2e/request-limits.spec.ts).
  { name: "6 KB value", value: "A".repeat(6 * 1024), reason: "malformed" },
  { name: "script tag", value: "<script>alert(1)</script>", reason: "malformed" },
  { name: "quoted", value: '"abc"', reason: "malformed" },
  { name: "token-shaped but 44 chars", value: "A".repeat(44), reason: "malformed" },
];

for (const m of MALFORMED) {
  test(`malformed session cookie (${m.name}) → 401 on the API, redirect to sign-in on pages, never 5xx`, async () => {
    const cookie = `${SESSION_COOKIE}=${m.value}`;
    const me = await rawRequest({ path: "/api/me", headers: { cookie } });
    expect(me.status).toBe(401);
    expect(me.json()).toMatchObject({ error: "unauthenticated", reason: m.reason });

    const account = await rawRequest({ path: "/account", headers: { cookie } });
    expect(account.status, account.body.slice(0, 300)).toBeGreaterThanOrEqual(300);
    expect(account.status).toBeLessThan(400);
    expect(account.headers.location ?? "").toBe(m.reason === "malformed" ? "/auth/ended?reason=malformed" : "/sign-in");
  });
}

test("/account in the browser with a garbage session cookie lands on sign-in with a message; the cookie is cleared", async ({ page, context }) => {
  await context.addCookies([{ name: SESSION_COOKIE, value: "garbage.not-a-token", domain: "localhost", path: "/", httpOnly: true, secure: true, sameSite: "Lax" }]);
  const statuses: number[] = [];
  page.on("response", (r) => statuses.push(r.status()));
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?reason=malformed$/);
  await expect(page.getByText("Your session ended. Please sign in again.")).toBeVisible();
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  expect((await context.cookies()).find((c) => c.name === SESSION_COOKIE), "/auth/ended cleared the stale cookie").toBeUndefined();
});

test("/account in the browser with an undecodable session cookie lands on sign-in (no 500)", async ({ page, context }) => {
  await context.addCookies([{ name: SESSION_COOKIE, value: "%%%", domain: "localhost", path: "/", httpOnly: true, secure: true, sameSite: "Lax" }]);
  const statuses: number[] = [];
  page.on("response", (r) => statuses.push(r.status()));
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in(?:\?.*)?$/);
  await expect(page.getByRole("button", { name: "Continue" })).toBeVisible();
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
});

// ---- the password step's endpoint (next-auth Credentials callback) without a valid CSRF token ----
const CALLBACK = "/api/auth/callback/credentials";

function setCookies(res: RawResponse): string {
  return (res.headers["set-cookie"] ?? []).join("\n");
}

/**
 * next-auth rejects a missing/forged CSRF token with a redirect to its sign-in page with
 * `csrf=true` (302, or 200 + JSON {url} when the client asked for json=true), not with a 4xx.
 * What matters: no 5xx, the redirect says why, and no pending (or session) cookie is issued.
 */
function expectCsrfRejection(res: RawResponse): void {
  expect(res.status, res.body.slice(0, 300)).toBeLessThan(500);
  const target = res.status === 200 ? (JSON.parse(res.body) as { url?: string }).url ?? "" : res.headers.location ?? "";
  if (res.status < 400) expect(target, `status ${res.status}`).toContain("csrf=true");
  expect(setCookies(res)).not.toMatch(new RegExp(`${PENDING_COOKIE}=[^;]`));
  expect(setCookies(res)).not.toContain(`${SESSION_COOKIE}=`);
}

test.describe("credentials callback", () => {
  let user: TestUser;
  test.beforeAll(() => {
    user = createUserViaCli({ tag: "csrf" });
  });
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  test("control: with the CSRF token (cookie + field) the right password gets a pending cookie", async () => {
    const csrf = await rawRequest({ path: "/api/auth/csrf" });
    expect(csrf.status).toBe(200);
    const { csrfToken } = csrf.json<{ csrfToken: string }>();
    const jar = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
    const res = await rawRequest({
      path: CALLBACK,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
      body: form({ email: user.email, password: user.password, csrfToken, json: "true" }),
    });
    expect(res.status).toBe(200);
    expect(setCookies(res)).toMatch(new RegExp(`${PENDING_COOKIE}=[^;]`));
  });

  test("the right password WITHOUT a CSRF token is refused: no pending cookie", async () => {
    const res = await rawRequest({ path: CALLBACK, method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form({ email: user.email, password: user.password, json: "true" }) });
    expectCsrfRejection(res);
  });

  test("the right password with a forged CSRF token is refused: no pending cookie", async () => {
    const res = await rawRequest({
      path: CALLBACK,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: "__Host-sg_csrf=forged%7Cforged" },
      body: form({ email: user.email, password: user.password, csrfToken: "forged" }),
    });
    expectCsrfRejection(res);
  });
});

const GARBAGE_POSTS: { name: string; contentType: string; body: string }[] = [
  { name: "empty form", contentType: "application/x-www-form-urlencoded", body: "" },
  { name: "broken urlencoding", contentType: "application/x-www-form-urlencoded", body: "%%%=%%%&email=%ZZ" },
  { name: "huge field", contentType: "application/x-www-form-urlencoded", body: `email=${"x".repeat(200_000)}&password=y` },
  { name: "binary noise", contentType: "application/octet-stream", body: "\u0000\u00ff\u0001garbage\u0000" },
  { name: "JSON array", contentType: "application/json", body: '[1,2,{"email":null}]' },
  { name: "invalid JSON", contentType: "application/json", body: "{not json" },
];

for (const p of GARBAGE_POSTS) {
  test(`garbage POST to the credentials callback (${p.name}) → rejected, no pending cookie, never 5xx`, async () => {
    const res = await rawRequest({ path: CALLBACK, method: "POST", headers: { "content-type": p.contentType }, body: p.body });
    expectCsrfRejection(res);
  });
}

test("a request header section over 16 KB is refused with 431", async () => {
  const res = await rawRequest({ path: "/sign-in", headers: { "x-padding": "a".repeat(17 * 1024) } });
  expect(res.status).toBe(431);
});

test("control: a 6 KB cookie header (under the 8 KiB cookie cap) is served normally", async () => {
  const res = await rawRequest({ path: "/sign-in", headers: { cookie: `${SESSION_COOKIE}=${"B".repeat(6 * 1024)}` } });
  expect(res.status).toBe(200);
});
