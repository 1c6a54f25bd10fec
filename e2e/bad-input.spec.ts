import { test, expect } from "./support/fixtures";
import { SESSION_COOKIE } from "./support/constants";
import { rawRequest } from "./support/http";

const MALFORMED: Record<string, string> = {
  "percent garbage": "%%%",
  "10 KB value": "A".repeat(10 * 1024),
  "script tag": "<script>alert(1)</script>",
  "quoted": '"abc"',
  "bad escape": "%E0%A4%A",
};

for (const [name, value] of Object.entries(MALFORMED)) {
  test(`malformed session cookie (${name}) → 401 on the API, redirect to sign-in on pages, never 5xx`, async () => {
    const cookie = `${SESSION_COOKIE}=${value}`;
    const me = await rawRequest({ path: "/api/me", headers: { cookie } });
    expect(me.status).toBe(401);
    expect(me.json()).toMatchObject({ error: "unauthenticated", reason: "malformed" });

    const account = await rawRequest({ path: "/account", headers: { cookie } });
    expect(account.status, account.body.slice(0, 300)).toBeGreaterThanOrEqual(300);
    expect(account.status).toBeLessThan(400);
    expect(account.headers.location ?? "").toContain("/auth/ended?reason=malformed");
  });
}

test("/account in the browser with a garbage session cookie lands on sign-in (no 500)", async ({ page, context }) => {
  await context.addCookies([{ name: SESSION_COOKIE, value: "garbage%%%not-a-token", domain: "localhost", path: "/", httpOnly: true, secure: true, sameSite: "Lax" }]);
  const statuses: number[] = [];
  page.on("response", (r) => statuses.push(r.status()));
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?reason=malformed$/);
  await expect(page.getByText("Your session ended. Please sign in again.")).toBeVisible();
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  // /auth/ended cleared the stale cookie.
  expect((await context.cookies()).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
});

const CALLBACK = "/api/auth/callback/credentials";
const GARBAGE_POSTS: { name: string; contentType: string; body: string }[] = [
  { name: "form without csrfToken", contentType: "application/x-www-form-urlencoded", body: "email=a%40example.com&password=whatever123&json=true" },
  { name: "wrong csrfToken", contentType: "application/x-www-form-urlencoded", body: "email=a%40example.com&password=whatever123&csrfToken=forged&json=true" },
  { name: "empty body", contentType: "application/x-www-form-urlencoded", body: "" },
  { name: "broken urlencoding", contentType: "application/x-www-form-urlencoded", body: "%%%=%%%&email=%ZZ" },
  { name: "invalid JSON", contentType: "application/json", body: "{not json" },
  { name: "JSON array", contentType: "application/json", body: '[1,2,{"email":null}]' },
  { name: "binary noise", contentType: "application/octet-stream", body: "\u0000\u00ff\u0001garbage\u0000" },
  { name: "huge field", contentType: "application/x-www-form-urlencoded", body: `email=${"x".repeat(200_000)}&password=y` },
];

for (const p of GARBAGE_POSTS) {
  test(`garbage POST to the credentials callback (${p.name}) → 4xx, no pending cookie, never 5xx`, async () => {
    const res = await rawRequest({ path: CALLBACK, method: "POST", headers: { "content-type": p.contentType }, body: p.body });
    expect(res.status, res.body.slice(0, 300)).toBeLessThan(500);
    expect(res.status, `status ${res.status} location ${res.headers.location ?? "-"}`).toBeGreaterThanOrEqual(400);
    const setCookie = (res.headers["set-cookie"] ?? []).join("\n");
    expect(setCookie).not.toMatch(/__Host-sg_pending=[^;]/);
    expect(setCookie).not.toContain(`${SESSION_COOKIE}=`);
  });
}

test("a request header section over 16 KB is refused with 431", async () => {
  const res = await rawRequest({ path: "/sign-in", headers: { "x-padding": "a".repeat(17 * 1024) } });
  expect(res.status).toBe(431);
});

test("a 10 KB cookie header (under the limit) is handled, not refused", async () => {
  const res = await rawRequest({ path: "/sign-in", headers: { cookie: `${SESSION_COOKIE}=${"B".repeat(10 * 1024)}` } });
  expect(res.status).toBe(200);
});
