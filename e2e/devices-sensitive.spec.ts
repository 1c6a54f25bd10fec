// Issue 13: "sign out other devices" and "sign out everywhere" go through the sensitive-action
// policy (requireSensitive), not only "a code entered in the last 5 minutes on this device". A
// cookie replayed right after the owner signed in is fresh on a matching device; before, one
// POST straight to the action (no page view) threw the owner's other devices out, and so did a
// session the risk engine had flagged. The attack is shown working first on an own server whose
// sensitive policy does not weigh the skipped page (the old rule's outcome), then refused by the
// normal build; the owner's own use of the buttons keeps working.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { E2E_PORT, REPO_ROOT } from "./support/env";
import { SESSION_COOKIE } from "./support/constants";
import { sameBrowserHeaders, spoofedBrowser } from "./support/http";
import { signInViaUi } from "./support/ui";
import { createUserViaCli, strongPassword, uniqueEmail } from "./support/users";
import { createUser, raw, startOwnServer, type OwnServer } from "./support/own-server";
import { flagSession } from "./support/db";
import { freshCode } from "./support/totp";

const WEAK_PORT = 3712;
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

function actionId(name: string): string {
  const m = JSON.parse(readFileSync(path.join(REPO_ROOT, ".next", "server", "server-reference-manifest.json"), "utf8")) as { node?: Record<string, { filename: string; exportedName: string }> };
  const hit = Object.entries(m.node ?? {}).find(([, a]) => `${a.filename}#${a.exportedName}` === name);
  if (!hit) throw new Error(`no action ${name} in the build`);
  return hit[0];
}

/** The action called the way React's client calls it ((state, FormData) with no fields), from the signed-in browser's cookie and headers. */
async function postSignOutOthers(port: number, token: string, headers: Record<string, string>) {
  const boundary = "----sgdevices";
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="0"\r\n\r\n[{},"$K1"]\r\n--${boundary}--\r\n`;
  const host = `localhost:${port}`;
  return raw(port, {
    path: "/account/devices", method: "POST", body,
    headers: { ...headers, host, origin: `http://${host}`, "next-action": actionId("app/account/devices/actions.ts#signOutOtherDevices"), accept: "text/x-component", "content-type": `multipart/form-data; boundary=${boundary}`, cookie: `${SESSION_COOKIE}=${token}` },
  });
}
const meStatus = async (port: number, token: string, ua: string) => (await raw(port, { path: "/api/me", headers: { cookie: `${SESSION_COOKIE}=${token}`, "user-agent": ua, "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" } })).status;

async function twoDevices(newContext: (o?: ReturnType<typeof spoofedBrowser>) => Promise<BrowserContext>, user: Parameters<typeof signInViaUi>[1], base = "") {
  const a = await (await newContext(spoofedBrowser(FIREFOX))).newPage();
  const b = await (await newContext(spoofedBrowser(SAFARI))).newPage();
  const owner = await signInViaUi(a, user, base);
  const other = await signInViaUi(b, user, base);
  return { a, b, owner, other, headers: await sameBrowserHeaders(a) };
}

test.describe("weakened sensitive policy (the old rule's outcome)", () => {
  let server: OwnServer;
  let dir: string;
  test.beforeAll(async () => {
    test.setTimeout(150_000);
    dir = mkdtempSync(path.join(os.tmpdir(), "sg-devices-weak-"));
    server = await startOwnServer(WEAK_PORT, `file:${path.join(dir, "weak.db")}`, 120_000, { RISK_CONFIG_JSON: JSON.stringify({ weights: { navigationSkipped: 0 } }) });
  });
  test.afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("attack works: a fresh cookie's single POST, without opening the devices page, signs the other devices out", async ({ newContext }) => {
    test.setTimeout(120_000);
    const user = await createUser(server.env, uniqueEmail("weak-devices"), strongPassword());
    const { owner, other, headers } = await twoDevices(newContext, user, server.url);
    expect(await meStatus(WEAK_PORT, other.token, SAFARI)).toBe(200);
    const res = await postSignOutOthers(WEAK_PORT, owner.token, headers);
    expect(res.status).toBe(200);
    expect(res.body).toContain("1 other device was signed out.");
    expect(await meStatus(WEAK_PORT, other.token, SAFARI)).toBe(401);
  });
});

test.describe("the sensitive policy", () => {
  test("the same POST is refused (step-up, explained) and ends nothing; from the devices page the owner's click works", async ({ newContext }) => {
    test.setTimeout(120_000);
    const user = createUserViaCli({ tag: "devices-sensitive" });
    const { a, owner, other, headers } = await twoDevices(newContext, user);
    const res = await postSignOutOthers(E2E_PORT, owner.token, headers);
    expect(res.status).toBe(200);
    expect(res.body).toContain('"needsStepUp":true');
    expect(res.body).toContain("without opening the page that offers it");
    expect(await meStatus(E2E_PORT, other.token, SAFARI)).toBe(200);

    await a.goto("/account/devices");
    await a.getByRole("button", { name: "Sign out all other devices" }).click();
    await a.getByRole("button", { name: "Yes, sign out all other devices" }).click();
    await expect(a.getByText("1 other device was signed out.")).toBeVisible();
    expect(await meStatus(E2E_PORT, other.token, SAFARI)).toBe(401);
  });

  test("a flagged session with a fresh code must step up before signing out other devices or everywhere", async ({ newContext }) => {
    test.setTimeout(120_000);
    const user = createUserViaCli({ tag: "devices-flagged" });
    const { a, other } = await twoDevices(newContext, user);
    const me = (await (await a.request.get("/api/me")).json()) as { sessionId: string };
    flagSession(me.sessionId);
    await a.goto("/account/devices");
    await a.getByRole("button", { name: "Sign out all other devices" }).click();
    await a.getByRole("button", { name: "Yes, sign out all other devices" }).click();
    await expect(a.getByText("this session was flagged for unusual activity")).toBeVisible();
    await a.getByRole("button", { name: "Sign out everywhere" }).click();
    await a.getByRole("button", { name: /Yes, sign out everywhere/ }).click();
    await expect(a.getByText("this session was flagged for unusual activity").nth(1)).toBeVisible();
    await expect(a).toHaveURL(/\/account\/devices$/);
    expect(await meStatus(E2E_PORT, other.token, SAFARI)).toBe(200);
  });
});

test("'Was this you? — No' on the new-device alert signs that device out at once and asks this one for a code", async ({ newContext }) => {
  test.setTimeout(150_000); // a third code may wait for the next 30 s step
  const user = createUserViaCli({ tag: "was-this-you" });
  const { a, other } = await twoDevices(newContext, user);
  await a.goto("/account/activity");
  const alert = a.getByTestId("alerts").getByRole("listitem").filter({ hasText: "Safari" });
  await expect(alert.getByTestId("was-this-you")).toBeVisible();
  expect(await meStatus(E2E_PORT, other.token, SAFARI)).toBe(200);
  await alert.getByRole("button", { name: "No, it wasn't me" }).click();
  await expect(a).toHaveURL(/\/step-up\?next=/);
  expect(await meStatus(E2E_PORT, other.token, SAFARI)).toBe(401);
  // After the code, the activity log opens with what happened.
  const { code } = await freshCode(user);
  await a.getByLabel("Authentication code").fill(code);
  await a.getByRole("button", { name: "Confirm" }).click();
  await expect(a).toHaveURL(/\/account\/activity/);
  await expect(a.getByTestId("was-this-you-answered")).toContainText("That session was signed out.");
  await expect(a.getByTestId("activity-rows")).toContainText("You said a session was not you");
});
