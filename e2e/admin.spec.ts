// The admin console against the production build: access control (404 pages / 403 API for
// non-admins), the replay → flag → admin revocation flow, accessibility, and UA text safety.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { apiMeWithToken, rawRequest } from "./support/http";
import { signInViaUi } from "./support/ui";
import { createUserViaCli, type TestUser } from "./support/users";
import { ageSessionMfa } from "./support/db";

const ATTACKER = { localAddress: "127.0.0.2", headers: { "user-agent": "curl/8.5.0" } };
const XSS_UA = "<img src=x onerror=alert(1)>";

/** A user signed in in its own browser context, whose cookie is then replayed by "curl" from 127.0.0.2. */
async function flaggedSession(page: Page, user: TestUser): Promise<{ token: string; sessionId: string; userId: string }> {
  const { token } = await signInViaUi(page, user);
  const me = (await (await page.request.get("/api/me")).json()) as { sessionId: string; userId: string };
  const stolen = await apiMeWithToken(token, ATTACKER);
  expect(stolen.status).toBe(401);
  expect(stolen.body).toMatchObject({ error: "step_up_required" });
  return { token, sessionId: me.sessionId, userId: me.userId };
}

test("a non-admin gets 404 on every admin page and 403 on the admin API; no session gets 401", async ({ page }) => {
  const user = createUserViaCli({ tag: "nonadmin" });
  await signInViaUi(page, user);
  const me = (await (await page.request.get("/api/me")).json()) as { sessionId: string; userId: string };
  for (const path of ["/admin", "/admin/flags", "/admin/audit", `/admin/sessions/${me.sessionId}`, `/admin/users/${me.userId}`, "/admin/flags?status=flagged"]) {
    const res = await page.request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(404);
    expect(await res.text(), path).not.toMatch(/Flagged sessions|Audit log|Admin overview/);
  }
  const api = await page.request.get("/admin/api/flags");
  expect(api.status()).toBe(403);
  expect(await api.json()).toMatchObject({ error: "forbidden" });
  // Without any session: the API answers 401, pages go to sign-in.
  const anon = await rawRequest({ path: "/admin/api/flags" });
  expect(anon.status).toBe(401);
  const anonPage = await rawRequest({ path: "/admin/flags" });
  expect([303, 307, 308]).toContain(anonPage.status);
  expect(anonPage.headers.location).toMatch(/\/sign-in/);
});

test("replayed cookie is flagged; an admin revokes it with a reason; the replay and the user are refused; the audit log shows it", async ({ page, newContext }) => {
  test.setTimeout(120_000);
  const user = createUserViaCli({ tag: "victim" });
  // The real user's other device: it must keep working after the stolen session is revoked.
  const laptop = await (await newContext()).newPage();
  await signInViaUi(laptop, user);
  const { token, sessionId } = await flaggedSession(page, user);

  const adminUser = createUserViaCli({ tag: "admin", admin: true });
  const admin = await (await newContext()).newPage();
  await signInViaUi(admin, adminUser);
  const api = await admin.request.get(`/admin/api/flags?q=${encodeURIComponent(user.email)}`);
  expect(api.status()).toBe(200);
  expect(((await api.json()) as { rows: { id: string }[] }).rows.map((r) => r.id)).toEqual([sessionId]);

  await admin.goto("/admin/flags");
  const row = admin.locator(`[data-testid=flag-row][data-session-id="${sessionId}"]`);
  await expect(row).toContainText(user.email);
  await expect(row.getByTestId("flag-reason")).toContainText(/different browser|new network/);
  await row.getByRole("link", { name: user.email }).click();
  await expect(admin).toHaveURL(new RegExp(`/admin/sessions/${sessionId}$`));
  await expect(admin.getByTestId("evidence")).toContainText("risk.step_up");
  await expect(admin.getByTestId("binding")).toContainText("curl/8.5.0");

  const form = admin.locator("form", { has: admin.getByRole("heading", { name: "Revoke this session" }) });
  // The reason is required: the browser refuses an empty submission.
  await form.getByRole("button", { name: "Revoke session" }).click();
  await expect(form.getByRole("status")).toHaveCount(0);
  await form.getByLabel(/Reason/).fill("Cookie replayed by curl from another address");
  await form.getByRole("button", { name: "Revoke session" }).click();
  await expect(form.getByRole("status")).toHaveText("The session was signed out.");
  await expect(admin.getByTestId("session-status")).toContainText("revoked");

  const replay = await apiMeWithToken(token, ATTACKER);
  expect(replay.status).toBe(401);
  expect(replay.body).toMatchObject({ error: "unauthenticated", reason: "revoked_admin" });

  await admin.goto("/admin/audit");
  const entry = admin.getByTestId("audit-row").first();
  await expect(entry).toContainText("session.revoke");
  await expect(entry).toContainText(adminUser.email);
  await expect(entry).toContainText(user.email);
  await expect(entry.getByTestId("audit-reason")).toHaveText("Cookie replayed by curl from another address");

  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?reason=revoked_admin$/);
  await expect(page.getByText("This session was signed out by an administrator.")).toBeVisible();

  // The user's other device keeps working and shows the alert.
  await laptop.goto("/account/activity");
  await expect(laptop).toHaveURL(/\/account\/activity$/);
  await expect(laptop.getByTestId("alerts")).toContainText(/administrator/i);
});

test("axe: no serious or critical violations on the admin pages; HTML in a UA is shown as text", async ({ page, newContext }) => {
  test.setTimeout(120_000);
  const evilCtx = await newContext({ userAgent: XSS_UA });
  const evil = await evilCtx.newPage();
  const user = createUserViaCli({ tag: "xss-admin" });
  const { sessionId, userId } = await flaggedSession(evil, user);
  let dialogs = 0;
  page.on("dialog", async (d) => { dialogs++; await d.dismiss(); });

  await signInViaUi(page, createUserViaCli({ tag: "axe-admin", admin: true }));
  await page.goto(`/admin/flags?q=${encodeURIComponent(user.email)}`);
  const ua = page.locator(`[data-testid=flag-row][data-session-id="${sessionId}"]`).getByTestId("flag-ua");
  await expect(ua).toHaveText(XSS_UA);
  await expect(page.locator("img[src=x]")).toHaveCount(0);

  for (const path of ["/admin", "/admin/flags", `/admin/sessions/${sessionId}`, "/admin/audit", `/admin/users/${userId}`]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator("img[src=x]")).toHaveCount(0);
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(bad.map((v) => `${path} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  }
  expect(dialogs).toBe(0);

  // A code entered more than 10 minutes ago is not enough: pages go to step-up, the API says 401.
  const me = (await (await page.request.get("/api/me")).json()) as { sessionId: string };
  ageSessionMfa(me.sessionId, 11);
  await page.goto("/admin/flags");
  await expect(page).toHaveURL(/\/step-up\?next=%2Fadmin%2Fflags$/);
  const stale = await page.request.get("/admin/api/flags");
  expect(stale.status()).toBe(401);
  expect(await stale.json()).toMatchObject({ error: "step_up_required" });
});
