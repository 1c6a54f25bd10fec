// The risk engine against the real app: replays from a truly different source address
// (127.0.0.2), public client addresses through the trusted proxy hop (127.0.0.3 + X-Forwarded-For,
// exactly what a load balancer sends), a rapid-fire burst, and the explanations users see.
import { test, expect } from "./support/fixtures";
import { apiMeWithToken, sameBrowserHeaders } from "./support/http";
import { signInViaUi } from "./support/ui";
import { createUserViaCli } from "./support/users";
import { freshCode } from "./support/totp";
import { readSession } from "./support/db";

const CURL = "curl/8.5.0";
/** What a load balancer at 127.0.0.3 (listed in TRUSTED_PROXIES) sends for a client at `ip`. */
const TRUSTED_PROXY = "127.0.0.3";

test("a token replayed from another address and client must step up; the victim's step-up kills the stolen copy", async ({ page }) => {
  test.setTimeout(120_000);
  const user = createUserViaCli({ tag: "replay-risk" });
  const { token } = await signInViaUi(page, user);
  const browser = await sameBrowserHeaders(page);
  // Without the engine this replay works: the same cookie from the victim's own client → 200.
  expect((await apiMeWithToken(token, { headers: browser })).status).toBe(200);

  const stolen = await apiMeWithToken(token, { localAddress: "127.0.0.2", headers: { "user-agent": CURL } });
  expect(stolen.status).toBe(401);
  expect(stolen.body).toMatchObject({ error: "step_up_required" });
  expect(String(stolen.body.message)).toMatch(/different browser/);
  // The next API call (any client) is asked for the code with the reason stored then, not with
  // its own decision ("Nothing unusual.", which the API said before).
  const next = await apiMeWithToken(token, { headers: browser });
  expect(next.status).toBe(401);
  expect(next.body).toMatchObject({ error: "step_up_required" });
  expect(String(next.body.message)).toMatch(/^We asked for your code because .*different browser/);

  // The session is now flagged and asks its holder for the code, wherever they are.
  await page.goto("/account/devices");
  await expect(page).toHaveURL(/\/step-up\?next=%2Faccount%2Fdevices$/);
  await expect(page.getByTestId("step-up-reason")).toContainText("We asked for your code because");
  const { code } = await freshCode(user);
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/\/account\/devices$/);

  // Step-up rotated the token: the attacker's copy is dead, even with the victim's headers.
  const replay = await apiMeWithToken(token, { localAddress: "127.0.0.2", headers: browser });
  expect(replay.status).toBe(401);
  expect(replay.body.error).toBe("unauthenticated");

  await page.goto("/account/activity");
  await expect(page.getByTestId("activity-rows")).toContainText("Code requested: We asked for your code because");
  await expect(page.getByTestId("activity-rows")).toContainText("Identity confirmed with a fresh code");
});

test("impossible travel through the trusted proxy (London, then Sydney seconds later) asks for the code", async ({ page }) => {
  const user = createUserViaCli({ tag: "travel" });
  const { token } = await signInViaUi(page, user);
  const headers = await sameBrowserHeaders(page);
  const london = await apiMeWithToken(token, { headers: { ...headers, "x-forwarded-for": "81.2.69.160" }, localAddress: TRUSTED_PROXY });
  expect(london.status).toBe(200); // a new network alone is only logged
  const sid = london.body.sessionId ?? "";
  expect(readSession(sid)?.lastIp).toBe("81.2.69.160");
  const sydney = await apiMeWithToken(token, { headers: { ...headers, "x-forwarded-for": "1.1.1.1" }, localAddress: TRUSTED_PROXY });
  expect(sydney.status).toBe(401);
  expect(sydney.body).toMatchObject({ error: "step_up_required" });
  expect(String(sydney.body.message)).toMatch(/location jumped \d+ km/);
});

test("a rapid-fire burst inside a valid session gets a proof-of-work challenge the browser solves", async ({ page }) => {
  test.setTimeout(90_000);
  const user = createUserViaCli({ tag: "burst" });
  const { token } = await signInViaUi(page, user);
  const headers = await sameBrowserHeaders(page);
  const statuses: number[] = [];
  for (let i = 0; i < 30; i++) statuses.push((await apiMeWithToken(token, { headers })).status);
  expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
  expect(statuses).toContain(429);
  const blocked = await apiMeWithToken(token, { headers });
  expect(blocked.status).toBe(429);
  expect(blocked.body).toMatchObject({ error: "challenge_required" });
  expect(String(blocked.body.message)).toMatch(/^We asked your browser to solve a short puzzle because /);

  // The browser is sent to the puzzle (the document response of this navigation is /challenge);
  // it solves it by itself, so it may already be back on /account by the time we look.
  const landed = await page.goto("/account");
  expect(landed?.url()).toMatch(/\/challenge\?next=%2Faccount$/);
  await expect(page).toHaveURL(/\/account$/, { timeout: 60_000 });
  expect((await apiMeWithToken(token, { headers })).status).toBe(200);
  await page.goto("/account/activity");
  await expect(page.getByTestId("activity-rows")).toContainText("Browser puzzle requested: We asked your browser to solve a short puzzle because requests arrived faster than a person can click");
  await expect(page.getByTestId("activity-rows")).toContainText("Browser puzzle solved");
});

test("a sensitive action from the page that offers it works; the change is in the activity log", async ({ page }) => {
  const user = createUserViaCli({ tag: "address" });
  await signInViaUi(page, user);
  await page.goto("/account");
  await page.getByLabel("Shipping address").fill("1 Example Street\nLondon");
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.getByText("Shipping address saved.")).toBeVisible();
  await page.goto("/account/activity");
  await expect(page.getByTestId("activity-rows")).toContainText("Shipping address changed");
});
