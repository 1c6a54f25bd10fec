// What the server lets browsers keep, what it serves from public/, and a sign-out nobody else
// can trigger: build assets are cached for a year (they used to be no-store, so every page view
// refetched every script), pages and API answers never; /auth/ended clears the cookie only for
// our own navigations (a link on another site used to sign the browser out, leaving the session alive).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { test, expect } from "./support/fixtures";
import { rawRequest, sameBrowserHeaders } from "./support/http";
import { SESSION_COOKIE } from "./support/constants";
import { signInViaUi, sessionCookie } from "./support/ui";
import { createUserViaCli } from "./support/users";
import { E2E_BASE_URL, E2E_PORT } from "./support/env";

test("build assets are immutable for a year; pages, API answers and a missing asset are not stored", async ({ page }) => {
  const html = (await rawRequest({ path: "/sign-in" })).body;
  const scripts = [...html.matchAll(/\/_next\/static\/[^"']+\.js/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const src of scripts.slice(0, 3)) {
    const res = await rawRequest({ path: src });
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  }
  const missing = await rawRequest({ path: "/_next/static/chunks/does-not-exist.js" });
  expect(missing.status).toBe(404);
  expect(missing.headers["cache-control"]).toMatch(/no-store/);

  const user = createUserViaCli({ tag: "cache" });
  const { token } = await signInViaUi(page, user);
  const headers = { cookie: `${SESSION_COOKIE}=${token}`, ...(await sameBrowserHeaders(page)) };
  for (const path of ["/account", "/account/devices", "/sign-in"]) {
    expect((await rawRequest({ path, headers })).headers["cache-control"], path).toBe("no-store");
  }
  const me = await rawRequest({ path: "/api/me", headers });
  expect(me.status).toBe(200);
  expect(me.headers["cache-control"]).toBe("no-store");
  const document = await page.goto("/account");
  expect(document?.headers()["cache-control"]).toBe("no-store");
});

test("public/ serves favicon.ico, robots.txt (no /account, no /admin) and an RFC 9116 security.txt", async () => {
  const icon = await new Promise<Buffer>((resolve, reject) => {
    http.get({ host: "127.0.0.1", port: E2E_PORT, path: "/favicon.ico" }, (res) => {
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe("image/x-icon");
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve(Buffer.concat(chunks)));
    }).on("error", reject);
  });
  expect([...icon.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // ICONDIR: reserved 0, type 1 (icon)

  const robots = await rawRequest({ path: "/robots.txt" });
  expect(robots.status).toBe(200);
  expect(robots.body).toMatch(/^User-agent: \*$/m);
  expect(robots.body).toMatch(/^Disallow: \/account$/m);
  expect(robots.body).toMatch(/^Disallow: \/admin$/m);

  const security = await rawRequest({ path: "/.well-known/security.txt" });
  expect(security.status).toBe(200);
  expect(security.headers["content-type"]).toMatch(/^text\/plain/);
  expect(security.body).toMatch(/^Contact: (mailto:|https:)\S+$/m);
  const expires = /^Expires: (\S+)$/m.exec(security.body)?.[1] ?? "";
  // RFC 9116 §2.5.5: a date in the future, and less than a year or so ahead. Renew it in public/.
  expect(Date.parse(expires), `security.txt Expires ${expires} has passed: renew it`).toBeGreaterThan(Date.now());
});

test("/auth/ended clears the cookie for our own navigation, not for one another site starts", async ({ page }) => {
  // Raw first: the same request with and without a foreign Sec-Fetch-Site.
  const own = await rawRequest({ path: "/auth/ended?reason=expired_idle", headers: { "sec-fetch-site": "same-origin" } });
  expect(own.status).toBe(303);
  expect(String(own.headers["set-cookie"] ?? "")).toContain(`${SESSION_COOKIE}=;`);
  const foreignRaw = await rawRequest({ path: "/auth/ended?reason=expired_idle", headers: { "sec-fetch-site": "cross-site" } });
  expect(foreignRaw.status).toBe(303);
  expect(foreignRaw.headers["set-cookie"]).toBeUndefined();

  // Then in a real browser: a page on another origin (127.0.0.1 is another site than localhost)
  // sends the signed-in browser to /auth/ended, as a link or a script on any site could.
  const user = createUserViaCli({ tag: "ended-csrf" });
  const signedIn = await signInViaUi(page, user);
  const target = `${E2E_BASE_URL}/auth/ended?reason=revoked_user`;
  const foreign = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><title>elsewhere</title><a id="go" href="${target}">win a prize</a>`);
  });
  await new Promise<void>((r) => foreign.listen(0, "127.0.0.1", r));
  try {
    await page.goto(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`);
    const landed = page.waitForURL(`${E2E_BASE_URL}/**`);
    await page.click("#go");
    await landed;
    const after = await sessionCookie(page.context());
    expect(after?.value, "the foreign navigation cleared the session cookie").toBe(signedIn.token);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/account$/);
  } finally {
    foreign.close();
  }

  // Our own navigation still does what the page meant: the cookie goes.
  await page.goto("/auth/ended?reason=expired_idle");
  await expect(page).toHaveURL(/\/sign-in\?reason=expired_idle$/);
  expect((await sessionCookie(page.context()))?.value ?? "").toBe("");
});

test("the home page runs its scripts under the CSP (it was prerendered without a nonce)", async ({ page }) => {
  // consoleGuard fails this test on any "violates the following Content Security Policy" error.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.querySelectorAll("script[nonce]").length)).toBeGreaterThan(0);
});

test("one HSTS rule for pages and APIs: https at the client's edge (a trusted proxy's X-Forwarded-Proto), never a client's own claim", async () => {
  for (const path of ["/sign-in", "/api/me"]) {
    // 127.0.0.3 is the trusted proxy of the e2e server (TRUSTED_PROXIES); 127.0.0.1 is any client.
    const viaProxy = await rawRequest({ path, localAddress: "127.0.0.3", headers: { "x-forwarded-for": "81.2.69.160", "x-forwarded-proto": "https" } });
    expect(viaProxy.headers["strict-transport-security"], path).toBe("max-age=31536000; includeSubDomains");
    const spoofed = await rawRequest({ path, headers: { "x-forwarded-proto": "https" } });
    expect(spoofed.headers["strict-transport-security"], path).toBeUndefined();
    expect((await rawRequest({ path })).headers["strict-transport-security"], path).toBeUndefined();
  }
});
