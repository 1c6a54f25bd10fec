// Playwright side: signs in through the target's real forms, like a user would.
import { createHash, X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type { Adapter } from "./adapter";
import type { TotpClock } from "./totp";

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

export function chromiumPath(env: NodeJS.ProcessEnv): string | undefined {
  return env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
}

/**
 * `spkiPins`: SHA-256 (base64) of the public keys whose certificates Chromium accepts although no
 * root vouches for them (`--ca`); every other bad certificate is still refused.
 */
export async function launch(executablePath: string | undefined, spkiPins: string[] = []): Promise<Browser> {
  const pins = spkiPins.length ? [`--ignore-certificate-errors-spki-list=${spkiPins.join(",")}`] : [];
  return chromium.launch({ executablePath, args: [...ARGS, ...pins], headless: true });
}

/** The SPKI pin of a PEM certificate, in the form Chromium's --ignore-certificate-errors-spki-list takes. */
export function spkiPin(pem: string): string {
  const der = new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("base64");
}

/** What a context saw: Set-Cookie lines, URLs, text bodies (bounded). */
export interface Capture {
  setCookies: string[];
  urls: string[];
  bodies: { url: string; body: string }[];
}

const MAX_BODIES = 150;
const MAX_BODY_CHARS = 512 * 1024;

export function capture(ctx: BrowserContext): Capture {
  const cap: Capture = { setCookies: [], urls: [], bodies: [] };
  ctx.on("request", (req) => {
    if (cap.urls.length < 2000) cap.urls.push(req.url());
  });
  ctx.on("response", (res) => {
    void (async () => {
      try {
        for (const h of await res.headersArray()) if (h.name.toLowerCase() === "set-cookie") cap.setCookies.push(...h.value.split("\n"));
        const type = (await res.headerValue("content-type")) ?? "";
        if (cap.bodies.length < MAX_BODIES && /json|x-component|text\//.test(type) && res.status() < 300) {
          cap.bodies.push({ url: res.url(), body: (await res.text()).slice(0, MAX_BODY_CHARS) });
        }
      } catch {
        /* redirects and aborted responses have no body */
      }
    })();
  });
  return cap;
}

const re = (s: string) => new RegExp(s, "i");

async function alertText(page: Page, a: Adapter): Promise<string> {
  const el = page.locator(a.signIn.errorSelector).first();
  return (await el.isVisible().catch(() => false)) ? ((await el.textContent()) ?? "").trim() : "";
}

/** Step 1 through the real form; resolves on the code page or throws with the form's message. */
export async function passwordStep(page: Page, base: string, a: Adapter, email: string, password: string): Promise<void> {
  await page.goto(new URL(a.signIn.path, base).toString());
  await page.getByLabel(a.signIn.emailLabel, { exact: true }).fill(email);
  await page.getByLabel(a.signIn.passwordLabel, { exact: true }).fill(password);
  await page.getByRole("button", { name: a.signIn.continueButton, exact: true }).click();
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (re(a.signIn.codeUrl).test(new URL(page.url()).pathname)) {
      await page.getByLabel(a.signIn.codeLabel, { exact: true }).waitFor({ timeout: 10_000 });
      return;
    }
    const msg = await alertText(page, a);
    if (msg) throw new Error(`password step refused: "${msg}"`);
    await page.waitForTimeout(150);
  }
  throw new Error(`password step: never reached ${a.signIn.codeUrl} (at ${page.url()})`);
}

/** Types a code and submits; reports whether it signed in, else the form's message. */
export async function submitCode(page: Page, a: Adapter, code: string): Promise<{ signedIn: boolean; message: string }> {
  const before = await alertText(page, a);
  await page.getByLabel(a.signIn.codeLabel, { exact: true }).fill(code);
  const posted = page.waitForResponse((r) => r.request().method() === "POST", { timeout: 20_000 }).catch(() => null);
  await page.getByRole("button", { name: a.signIn.verifyButton, exact: true }).click();
  await posted;
  const deadline = Date.now() + 10_000;
  let message = "";
  while (Date.now() < deadline) {
    if (re(a.signIn.successUrl).test(new URL(page.url()).pathname)) return { signedIn: true, message: "" };
    message = await alertText(page, a);
    // A new or repeated message after the response: give a repeated one a moment, then accept it.
    if (message && (message !== before || Date.now() > deadline - 8_500)) break;
    await page.waitForTimeout(150);
  }
  if (re(a.signIn.successUrl).test(new URL(page.url()).pathname)) return { signedIn: true, message: "" };
  return { signedIn: false, message };
}

export interface SignedIn {
  page: Page;
  token: string;
  code: string;
  step: number;
}

/** Full sign-in with a fresh TOTP step (retrying once or twice if the step was already used). */
export async function signIn(ctx: BrowserContext, base: string, a: Adapter, creds: { email: string; password: string }, clock: TotpClock): Promise<SignedIn> {
  const page = await ctx.newPage();
  await passwordStep(page, base, a, creds.email, creds.password);
  for (let attempt = 0; attempt < 3; attempt++) {
    const { code, step } = await clock.next();
    const res = await submitCode(page, a, code);
    if (res.signedIn) {
      const cookie = (await ctx.cookies()).find((c) => c.name === a.session.cookie);
      if (!cookie?.value) throw new Error("signed in, but the browser holds no session cookie");
      return { page, token: cookie.value, code, step };
    }
    if (re(a.signIn.throttledMessage).test(res.message)) throw new Error(`code step throttled: "${res.message}" — the account or this IP is blocked (a recent simulator run?); wait, or use a fresh user`);
    if (!re(a.signIn.reusedMessage).test(res.message) && attempt > 0) throw new Error(`code step refused: "${res.message}"`);
    clock.burn(step);
  }
  throw new Error("code step: no fresh TOTP step was accepted");
}

export async function signOutUi(page: Page, base: string, a: Adapter): Promise<void> {
  await page.goto(new URL(a.signOut.page, base).toString());
  await page.getByRole("button", { name: a.signOut.button, exact: true }).first().click();
  await page.waitForURL((u) => u.pathname !== a.signOut.page, { timeout: 15_000 });
}

/** Ends another session from this one through the target's devices UI. */
export async function revokeUi(page: Page, base: string, a: Adapter, sessionId: string): Promise<string> {
  const r = a.revoke;
  if (!r) throw new Error("adapter has no revoke section");
  await page.goto(new URL(r.page, base).toString());
  const row = page.locator(r.rowSelector.replace("{sessionId}", sessionId));
  await row.waitFor({ timeout: 10_000 });
  await row.getByRole("button", { name: r.button, exact: true }).click();
  if (r.confirmButton) await row.getByRole("button", { name: re(r.confirmButton) }).click();
  // Done when the confirmation text shows, the row goes away, or the form reports an error.
  const formAlert = page.locator("form [role=alert]").first();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (r.doneText && (await page.getByText(r.doneText).isVisible().catch(() => false))) return `UI: "${r.doneText}"`;
    if ((await row.count()) === 0) return "UI: the row went away";
    if (await formAlert.isVisible().catch(() => false)) return `UI error: "${((await formAlert.textContent()) ?? "").trim()}"`;
    await page.waitForTimeout(150);
  }
  return "UI: no confirmation within 15 s";
}
