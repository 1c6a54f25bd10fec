import { test, expect } from "./support/fixtures";
import { SESSION_COOKIE, TOKEN_RE } from "./support/constants";
import { sessionCookie, signInViaUi } from "./support/ui";
import { createUserViaCli } from "./support/users";

test("the session token is an HttpOnly __Host- cookie and never reaches script, storage or URLs", async ({ page, context }) => {
  const seenUrls: string[] = [];
  page.on("request", (r) => seenUrls.push(r.url()));
  page.on("framenavigated", (f) => seenUrls.push(f.url()));

  const user = createUserViaCli({ tag: "cookie" });
  const { token } = await signInViaUi(page, user);
  expect(token).toMatch(TOKEN_RE);

  // Attributes as the browser stored them.
  const cookie = await sessionCookie(context);
  expect(cookie).toBeDefined();
  expect(cookie?.name.startsWith("__Host-")).toBe(true);
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.secure).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  expect(cookie?.path).toBe("/");
  expect(cookie?.domain, "host-only: no Domain attribute").toBe("localhost");

  // Script cannot see it.
  const docCookie = await page.evaluate(() => document.cookie);
  expect(docCookie).not.toContain("sg_session");
  expect(docCookie).not.toContain(token);

  // Nor is it kept in web storage.
  const storage = await page.evaluate(() => {
    const dump = (s: Storage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i) ?? "")}`);
    return [...dump(localStorage), ...dump(sessionStorage)].join("\n");
  });
  expect(storage).not.toContain(token);
  expect(storage).not.toContain(SESSION_COOKIE);

  // Nor in the address bar or any URL the page loaded on the way.
  expect(page.url()).not.toContain(token);
  expect(seenUrls.length).toBeGreaterThan(0);
  for (const u of seenUrls) {
    expect(u).not.toContain(token);
    expect(decodeURIComponent(u)).not.toContain(token);
  }

  // And not in the rendered page.
  expect(await page.content()).not.toContain(token);
});
