// The two attack traces that lib/risk/traces.test.ts replays against the engine alone, replayed
// against the real app (own server on 3595, own SQLite file):
//   - a POST straight to the shipping-address change with no view of the page that offers it
//     (a bot with the cookie and the form's field names, not a person on the page);
//   - repeated wrong passwords on change-password, then the right one.
// The navigation window is shortened to 3 s (RISK_CONFIG_JSON, an operator setting, not a test
// bypass): sign-in lands on /account, so a session without a recent view of it otherwise needs a
// 30-minute wait. Each attack is first shown to work where the defence does not apply.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { strongPassword, uniqueEmail } from "./support/users";
import { createUser, raw, startOwnServer, type OwnServer } from "./support/own-server";
import { freshCode } from "./support/totp";
import { signInViaUi } from "./support/ui";

const PORT = 3595;
const NAV_WINDOW_S = 3;

let dir = "";
let server: OwnServer | undefined;
test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  test.setTimeout(150_000);
  dir = mkdtempSync(path.join(os.tmpdir(), "sg-traces-"));
  server = await startOwnServer(PORT, `file:${path.join(dir, "traces.db")}`, 120_000, { RISK_CONFIG_JSON: JSON.stringify({ navigationWindowSeconds: NAV_WINDOW_S }) });
});
test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function userColumn(email: string, column: "shippingAddress" | "passwordHash"): string | null {
  const db = new Database(path.join(dir, "traces.db"), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT "${column}" v FROM "User" WHERE "email" = ?`).get(email) as { v: string | null }).v;
  } finally {
    db.close();
  }
}
const shippingAddress = (email: string) => userColumn(email, "shippingAddress");

const signIn = async (page: Page, user: { email: string; password: string; totpSecret: string }) => (await signInViaUi(page, user, server!.url)).token;

const unescapeHtml = (v: string) => v.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/**
 * The no-JavaScript form post of the shipping-address form, the way a bot builds it: the hidden
 * server-action fields are read from the server-rendered /account of the attacker's OWN account
 * (they are the same for everyone), then the victim's cookie is attached.
 */
async function addressFormPost(attackerToken: string, ua: string): Promise<(address: string) => Promise<{ body: Buffer; contentType: string }>> {
  const html = (await raw(PORT, { path: "/account", headers: { host: `localhost:${PORT}`, cookie: `__Host-sg_session=${attackerToken}`, "user-agent": ua, "sec-fetch-site": "same-origin", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" } })).body;
  const form = /<form[^>]*>((?:(?!<\/form>)[\s\S])*name="address"[\s\S]*?)<\/form>/.exec(html)?.[1] ?? "";
  const hidden = [...form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/?>/g)].map((m) => [unescapeHtml(m[1]!), unescapeHtml(m[2] ?? "")] as const);
  expect(hidden.length, "the server-rendered form carries its action fields").toBeGreaterThan(0);
  return async (address: string) => {
    const fd = new FormData();
    for (const [k, v] of hidden) fd.append(k, v);
    fd.append("address", address);
    const req = new Request("http://localhost/", { method: "POST", body: fd });
    return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get("content-type") ?? "" };
  };
}

test("attack: a POST straight to the shipping-address change, with no view of the page, must step up", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const user = await createUser(server!.env, uniqueEmail("nav"), strongPassword());
  const attacker = await createUser(server!.env, uniqueEmail("nav-attacker"), strongPassword());
  const attackerCtx = await browser.newContext();
  const build = await addressFormPost(await signIn(await attackerCtx.newPage(), attacker), await page.evaluate(() => navigator.userAgent));
  await attackerCtx.close();
  const token = await signIn(page, user);
  const ua = await page.evaluate(() => navigator.userAgent);
  // A form post as the browser sends it: same site, same client, same address. Only the page view is missing.
  const post = async (address: string) => {
    const { body, contentType } = await build(address);
    return raw(PORT, { path: "/account", method: "POST", body, headers: { host: `localhost:${PORT}`, cookie: `__Host-sg_session=${token}`, "user-agent": ua, "content-type": contentType, origin: server!.url, "sec-fetch-site": "same-origin", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document", accept: "text/html" } });
  };

  // Without the defence's trigger — the page was just viewed (at sign-in) — the same POST works.
  const viewed = await post("1 Viewed Street, London");
  expect(viewed.status).toBe(200);
  expect(shippingAddress(user.email)).toBe("1 Viewed Street, London");

  // The attack: the navigation window passes with no view of /account in this session.
  await new Promise((r) => setTimeout(r, (NAV_WINDOW_S + 1) * 1000));
  const direct = await post("99 Attacker Road, Elsewhere");
  expect(direct.status).toBe(200); // the form answers with its error, not a crash
  expect(direct.body).toContain("We asked for your code because");
  expect(direct.body).toContain("without opening the page that offers it");
  expect(shippingAddress(user.email)).toBe("1 Viewed Street, London"); // nothing changed

  await page.goto(`${server!.url}/account/activity`);
  await expect(page.getByTestId("activity-rows")).toContainText("without opening the page that offers it");
});

test("attack: repeated wrong passwords on change-password, then the right one, must step up", async ({ page }) => {
  test.setTimeout(120_000);
  const user = await createUser(server!.env, uniqueEmail("pwfail"), strongPassword());
  await signIn(page, user);
  const hashBefore = userColumn(user.email, "passwordHash");
  const change = async (current: string) => {
    await page.getByLabel("Current password").first().fill(current);
    await page.getByLabel("New password").fill(strongPassword());
    await page.getByRole("button", { name: "Change password" }).click();
  };
  const form = page.locator("form", { has: page.getByRole("button", { name: "Change password" }) });
  const alert = form.getByRole("alert");
  // Three wrong guesses, each answered before the next (a person mistyping would see each one).
  for (let i = 0; i < 3; i++) {
    await change(`wrong-guess-${i}-${Date.now()}`);
    await expect(alert).toHaveText("Your current password is not correct.");
    await expect(form.getByRole("button", { name: "Change password" })).toBeEnabled();
    await page.waitForTimeout(300); // the next submit is a new request, not a double click
  }
  // The third failure in the window crosses the threshold: the next change — even with the RIGHT
  // password, as a bot that finally guessed it would send — is stopped: the session must step up.
  await change(user.password);
  await expect(page).toHaveURL(/\/step-up\?next=/);
  await expect(page.getByTestId("step-up-reason")).toContainText("We asked for your code because several confirmations failed");
  expect(userColumn(user.email, "passwordHash")).toBe(hashBefore); // the password did not change
  // The real user confirms with a code and carries on; the event explains what happened.
  await page.getByLabel("Authentication code").fill((await freshCode(user)).code);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.goto(`${server!.url}/account/activity`);
  await expect(page.getByTestId("activity-rows")).toContainText("confirmations failed");
});
