// Issue 13 against the built app, in a real browser: (3) 50 wrong passwords from 10 addresses do
// not refuse the owner — the sign-in form solves the account's puzzle by itself and the owner gets
// in, then carries a device cookie that skips the puzzle; (1) an email change from /account needs
// a code entered now and changes nothing until the link in the new mailbox is confirmed.
// Own server on 3750 with its own SQLite file (the spray must not slow other specs' accounts).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { test, expect } from "./support/fixtures";
import { strongPassword, uniqueEmail } from "./support/users";
import { createUser, raw, startOwnServer, type OwnServer } from "./support/own-server";
import { freshCode } from "./support/totp";
import { cookieNamed, submitTotp } from "./support/ui";

const PORT = 3750;
const HOST = `localhost:${PORT}`;
const PUZZLE = "This account had many wrong sign-in attempts recently.";
let server: OwnServer;
let dir: string;
let dbFile: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(path.join(os.tmpdir(), "sg-takeover-"));
  dbFile = path.join(dir, "takeover.db");
  server = await startOwnServer(PORT, `file:${dbFile}`);
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** next-auth's password step over raw HTTP from `localAddress`; the error text, and whether a pending cookie came back. */
async function passwordStep(email: string, password: string, localAddress: string, cookieExtra = ""): Promise<{ error: string | null; pending: boolean }> {
  const csrf = await raw(PORT, { path: "/api/auth/csrf", localAddress });
  const token = (JSON.parse(csrf.body) as { csrfToken: string }).csrfToken;
  const cookie = [(csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; "), cookieExtra].filter(Boolean).join("; ");
  const res = await raw(PORT, {
    path: "/api/auth/callback/credentials", method: "POST", localAddress,
    headers: { cookie, host: HOST, origin: `http://${HOST}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ csrfToken: token, email, password, json: "true" }).toString(),
  });
  expect(res.status, res.body).toBeLessThan(500);
  const url = (JSON.parse(res.body) as { url?: string }).url ?? "";
  return { error: new URL(url, `http://${HOST}`).searchParams.get("error"), pending: (res.headers["set-cookie"] ?? []).some((c) => /^__Host-sg_pending=[^;]+/.test(c)) };
}

function outboxText(to: string, subject: string): string | undefined {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`SELECT "text" FROM "OutboxEmail" WHERE "to" = ? AND "subject" = ? ORDER BY "createdAt" ASC`).all(to, subject) as { text: string }[];
    return rows.at(-1)?.text;
  } finally {
    db.close();
  }
}

test("50 wrong passwords from 10 addresses: the owner's browser solves a puzzle and signs in; its device cookie then skips it", async ({ page, consoleGuard }) => {
  test.setTimeout(180_000);
  // The first credentials POST is answered 401 ("solve the puzzle first"); the form then retries.
  consoleGuard.allow(/status of 401 .*\/api\/auth\/callback\/credentials/);
  const user = await createUser(server.env, uniqueEmail("spray-victim"), strongPassword());
  for (let i = 0; i < 50; i++) {
    const r = await passwordStep(user.email, `wrong-${i}-password`, `127.0.0.${10 + (i % 10)}`);
    expect(r.pending).toBe(false);
  }
  // The old rule answered "Too many attempts" here, for every address: now it is the puzzle.
  const gate = await passwordStep(user.email, user.password, "127.0.0.30");
  expect(gate).toEqual({ error: expect.stringContaining(PUZZLE), pending: false });

  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/sign-in\/mfa$/, { timeout: 90_000 });
  const { code } = await freshCode(user);
  await submitTotp(page, code);
  await expect(page).toHaveURL(/\/account$/);
  const device = await cookieNamed(page.context(), "__Host-sg_device");
  expect(device?.httpOnly).toBe(true);
  expect(device?.value).toMatch(/^[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{43}$/);

  // With that cookie the password step needs no puzzle, from any address; without it, it does.
  expect(await passwordStep(user.email, user.password, "127.0.0.31", `__Host-sg_device=${device?.value}`)).toEqual({ error: null, pending: true });
  expect((await passwordStep(user.email, user.password, "127.0.0.32")).error).toContain(PUZZLE);
});

test("email change from /account: a code entered now, then nothing changes until the new address confirms", async ({ page }) => {
  test.setTimeout(120_000);
  const user = await createUser(server.env, uniqueEmail("mail-owner"), strongPassword());
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/sign-in\/mfa$/);
  await submitTotp(page, (await freshCode(user)).code);
  await expect(page).toHaveURL(/\/account$/);

  const newEmail = uniqueEmail("mail-new");
  await page.getByLabel("New email").fill(newEmail);
  await page.getByLabel("Authentication code").fill((await freshCode(user)).code);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByText("We sent a confirmation link to the new address")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("account-email")).toHaveText(user.email);

  const notice = outboxText(user.email, "Your SessionGuard email address is about to change");
  expect(notice).toContain(newEmail);
  expect(notice).toMatch(/\/email-change\/cancel\?token=[A-Za-z0-9_-]{43}/);
  const link = outboxText(newEmail, "Confirm your new SessionGuard email address")?.match(/https?:\/\/\S+\/email-change\/confirm\?token=[A-Za-z0-9_-]{43}/)?.[0];
  expect(link).toBeTruthy();
  await page.goto(link ?? "");
  await page.getByRole("button", { name: "Confirm this address" }).click();
  await expect(page.getByText("Your email address was changed.")).toBeVisible();
  await page.goto(`${server.url}/account`);
  await expect(page.getByTestId("account-email")).toHaveText(newEmail);
  // The link was single use.
  await page.goto(link ?? "");
  await expect(page.getByText("This link is invalid, has expired, or was already used or cancelled.")).toBeVisible();
});
