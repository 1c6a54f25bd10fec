// Orchestration: signs in through the real forms, runs every probe in an order where one
// check's side effects (ended sessions, throttling) cannot spoil another, then judges.
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { BrowserContext } from "@playwright/test";
import type { Adapter } from "./adapter";
import type { CheckResult, Report } from "./types";
import * as C from "./checks";
import * as P from "./probes";
import { capture, launch, type Capture, passwordStep, revokeUi, signIn, signOutUi, submitCode, type SignedIn } from "./browser";
import { TotpClock } from "./totp";
import { rawRequest } from "./http";

export interface RunConfig {
  base: string;
  adapter: Adapter;
  adapterPath: string;
  email: string;
  password: string;
  totpSecret: string;
  secondIp: string;
  strict: boolean;
  /** Real sign-ins whose session tokens are sampled (default 5). */
  tokenSamples: number;
  /** Run only these checks (and only the sign-ins they need); all when undefined. */
  only?: Set<string>;
  /** SPKI pins of certificates the browser accepts without a root (--ca). */
  spkiPins?: string[];
  chromium: string | undefined;
  log: (msg: string) => void;
}

const OTHER_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
/** TEST-NET-3 (RFC 5737): never a real client. */
const SPOOFED_IP = "203.0.113.77";
const WANTED_SAMPLES = 50;

/** Every check, in report order. */
export const CHECK_IDS = ["cookie-attributes", "token-strength", "fixation", "replay-after-sign-out", "replay-after-revocation", "replay-after-expiry", "foreign-replay", "xff-spoofing", "csrf", "totp-replay", "totp-throttle", "security-headers", "hsts", "rapid-fire", "email-change", "account-lockout"] as const;

/** A random cookie value of the same shape as the target's tokens (base64url by default). */
export function wellFormedToken(pattern: string): string {
  const m = /\{(\d+)\}/.exec(pattern);
  const len = m ? Number(m[1]) : 43;
  if (/\[0-9a-f\]|\[a-f0-9\]/i.test(pattern)) return randomBytes(Math.ceil(len / 2)).toString("hex").slice(0, len);
  return randomBytes(Math.ceil((len * 3) / 4) + 2).toString("base64url").slice(0, len);
}

export async function runSimulation(cfg: RunConfig): Promise<Report> {
  const started = new Date();
  const a = cfg.adapter;
  const t: P.Target = { base: cfg.base, adapter: a };
  const opts = { strict: cfg.strict };
  const creds = { email: cfg.email, password: cfg.password };
  const clock = new TotpClock(cfg.totpSecret, a.totp.periodSeconds, a.totp.digits, a.totp.acceptedSkewSteps);
  const results: CheckResult[] = [];
  const notes: string[] = [];
  const tokens: string[] = [];
  const pendingSeen: string[] = [];
  const https = new URL(cfg.base).protocol === "https:";
  const host = new URL(cfg.base).hostname.replace(/^\[|\]$/g, "");
  const victimIp = /^[\d.]+$/.test(host) ? host : "127.0.0.1";
  const log = cfg.log;
  const want = (...ids: string[]) => !cfg.only || ids.some((id) => cfg.only?.has(id));

  const browser = await launch(cfg.chromium, cfg.spkiPins);
  const contexts: BrowserContext[] = [];
  const captures: Capture[] = [];
  const newContext = async (o: Parameters<typeof browser.newContext>[0] = {}) => {
    const c = await browser.newContext({ baseURL: cfg.base, ...o });
    contexts.push(c);
    captures.push(capture(c));
    return c;
  };
  const live: SignedIn[] = [];
  // The victim browser's User-Agent, from the first signed-in page (every default context shares it).
  let ua = "";
  const doSignIn = async (ctx: BrowserContext, label: string) => {
    log(`sign-in ${label} (waits for a fresh TOTP step when needed)…`);
    const s = await signIn(ctx, cfg.base, a, creds, clock);
    tokens.push(s.token);
    live.push(s);
    ua ||= await s.page.evaluate(() => navigator.userAgent);
    return s;
  };
  const pendingFrom = (cap: { setCookies: string[] }) => {
    for (const l of cap.setCookies) {
      const c = C.parseSetCookie(l);
      if (c.name === a.otherCookies.find((n) => /pending/i.test(n)) && c.value) pendingSeen.push(c.value);
    }
  };

  try {
    if (want("cookie-attributes", "fixation", "security-headers", "hsts", "replay-after-revocation", "csrf", "replay-after-sign-out", "email-change")) {
      // --- S1: victim. Plant a cookie first (fixation), capture everything (cookie attributes).
      const ctxA = await newContext();
      const capA = captures[captures.length - 1] as Capture;
      const planted = wellFormedToken(a.session.tokenPattern);
      await ctxA.addCookies([{ name: a.session.cookie, value: planted, domain: host, path: "/", httpOnly: true, secure: true, sameSite: "Lax" }]);
      const s1 = await doSignIn(ctxA, "S1 (victim, planted cookie)");
      const meInBrowser = await s1.page.evaluate(async (p) => (await fetch(p)).text(), a.me.path);
      const documentCookie = await s1.page.evaluate(() => document.cookie);
      await s1.page.waitForTimeout(300);
      capA.bodies.push({ url: a.me.path, body: meInBrowser });
      const sessionLines = capA.setCookies.filter((l) => C.parseSetCookie(l).name === a.session.cookie && C.parseSetCookie(l).value !== "");
      if (want("cookie-attributes")) results.push(C.checkCookieAttributes({ cookieName: a.session.cookie, token: s1.token, setCookieLines: sessionLines, documentCookie, urls: [...capA.urls, s1.page.url()], bodies: capA.bodies }));
      if (want("fixation")) results.push(C.checkFixation({ planted, issued: s1.token, plantedMeStatus: (await P.probeMe(t, planted)).status, issuedMeStatus: (await P.probeMe(t, s1.token, P.asVictim(ua))).status }));

      // --- 9. headers (signed-out and signed-in pages)
      // Probes that test something other than soft binding present the victim's own browser identity.
      if (want("security-headers", "hsts")) {
        const pages = await P.fetchHeaderPages(t, s1.token, P.asVictim(ua, "document"));
        if (want("security-headers")) results.push(C.checkSecurityHeaders(pages));
        const hsts = pages.find((p) => p.headers["strict-transport-security"])?.headers["strict-transport-security"];
        if (want("hsts")) results.push(C.checkHsts({ https, value: Array.isArray(hsts) ? hsts[0] : hsts }));
      }

      // --- 12. the fresh cookie replayed (same network, the victim's browser identity) at the email form
      if (want("email-change")) {
        log("email change with the fresh cookie…");
        results.push(C.checkEmailChange(await P.probeEmailChange(t, s1.token, P.asVictim(ua, "document"))));
      }

      // --- S2 + revocation from S1 (S1 has just entered a code: fresh enough for the devices UI)
      if (want("replay-after-revocation")) {
        const ctxB = await newContext({ userAgent: OTHER_UA });
        const s2 = await doSignIn(ctxB, "S2 (second device)");
        const me2 = await P.probeMe(t, s2.token, { userAgent: OTHER_UA });
        const sid = (() => { try { return String((JSON.parse(me2.body ?? "{}") as Record<string, unknown>)[a.me.sessionIdField ?? "sessionId"] ?? ""); } catch { return ""; } })();
        if (a.revoke && sid) {
          let note = "";
          try { note = await revokeUi(s1.page, cfg.base, a, sid); } catch (e) { note = `revoke UI failed: ${(e as Error).message.split("\n")[0]}`; }
          const after = await P.probeMe(t, s2.token, { userAgent: OTHER_UA });
          results.push(C.checkReplayAfter({ what: "revocation", before: me2.status, after: after.status, note }));
        } else {
          results.push({ id: "replay-after-revocation", name: "replay after revocation", status: "WARN", evidence: `not tested: ${a.revoke ? "no session id from the me endpoint" : "adapter has no revoke section"}`, fix: "name the devices UI in the adapter" });
        }
      }

      // --- 7. CSRF with S1 (must stay signed in), then 4. sign-out replay with S1
      if (want("csrf")) {
        log("CSRF probes…");
        results.push(C.checkCsrf(await P.probeCsrf(t, s1.token, creds, { userAgent: ua })));
      }
      if (want("replay-after-sign-out")) {
        const before = await P.probeMe(t, s1.token, P.asVictim(ua));
        await signOutUi(s1.page, cfg.base, a);
        const afterOut = await P.probeMe(t, s1.token, P.asVictim(ua));
        results.push(C.checkReplayAfter({ what: "sign-out", before: before.status, after: afterOut.status }));
      }
    }

    // --- S3: signed in with a spoofed X-Forwarded-For; then replayed from the second address.
    if (want("foreign-replay", "xff-spoofing")) {
      const ctxC = await newContext({ extraHTTPHeaders: { "x-forwarded-for": SPOOFED_IP } });
      const s3 = await doSignIn(ctxC, "S3 (X-Forwarded-For spoofed at sign-in)");
      const echo = await P.pagesShowing(t, s3.token, SPOOFED_IP, P.asVictim(ua, "document"));
      const baseline = await P.probeMe(t, s3.token, P.asVictim(ua));
      const foreignOpts = { localAddress: cfg.secondIp, userAgent: OTHER_UA };
      // With XFF first: if the target believed it, the plain request afterwards shows the difference.
      const withXff = await P.probeMe(t, s3.token, { ...foreignOpts, headers: { "x-forwarded-for": victimIp } }, "GET me + XFF");
      const withoutXff = await P.probeMe(t, s3.token, foreignOpts, "GET me");
      const foreign: C.ProbeResponse[] = [withoutXff];
      if (a.sensitiveEndpoint) foreign.push(await P.probeEndpoint(t, a.sensitiveEndpoint, s3.token, foreignOpts, creds, `${a.sensitiveEndpoint.method} ${a.sensitiveEndpoint.path}`));
      if (want("foreign-replay")) results.push(C.checkForeignReplay({ baseline: baseline.status, secondIp: cfg.secondIp, foreign, markers: a.challengeMarkers, sensitiveNamed: Boolean(a.sensitiveEndpoint) }, opts));
      if (want("xff-spoofing")) results.push(C.checkXffSpoofing({ spoofedIp: SPOOFED_IP, ...echo, victimIp, secondIp: cfg.secondIp, withXff, withoutXff }));
    }

    // --- S4: rapid-fire inside a fresh, valid session (same browser identity as the sign-in)
    if (want("rapid-fire")) {
      const s4 = await doSignIn(await newContext(), "S4 (rapid-fire)");
      log("rapid-fire burst…");
      results.push(C.checkRapidFire(await P.rapidFire(t, s4.token, P.asVictim(ua)), opts));
    }

    // --- more real sign-ins for token samples (each costs one TOTP step); the last one is untouched
    let last: SignedIn | undefined;
    if (want("token-strength", "replay-after-expiry", "totp-replay", "totp-throttle")) {
      do {
        last = await doSignIn(await newContext(), `sample ${tokens.length + 1}/${Math.max(cfg.tokenSamples, tokens.length + 1)}`);
      } while (tokens.length < cfg.tokenSamples && want("token-strength"));
    }

    // --- 4. expiry through a test hook (only if the target has one). Each kind needs a clean
    // session (the earlier ones are signed out, revoked or flagged by the risk engine): the last
    // sample for idle, one more sign-in for absolute — only when the hook answers at all.
    if (want("replay-after-expiry") && last) {
      const idle = await P.probeExpiry(t, { idle: last.token }, P.asVictim(ua));
      let exp = idle;
      if (idle.results.length === 1) {
        const e = await doSignIn(await newContext(), "E (absolute expiry)");
        const absolute = await P.probeExpiry(t, { absolute: e.token }, P.asVictim(ua));
        exp = { hookPath: idle.hookPath, hookStatus: absolute.hookStatus, results: [...idle.results, ...absolute.results] };
      }
      results.push(C.checkExpiry(exp));
    }

    // --- 2. token strength: hook (test mode) or the real sign-ins, plus CSRF tokens
    if (want("token-strength")) {
      log("token samples…");
      for (const cap of captures) pendingFrom(cap);
      const hook = await P.tokensFromHook(t, WANTED_SAMPLES);
      const csrf = await P.sampleCsrfTokens(t, WANTED_SAMPLES);
      if (!hook.tokens) notes.push(`token test hook ${a.testHooks.tokens ?? "(none)"} → ${hook.status || "not configured"}; used ${tokens.length} real sign-ins`);
      results.push(C.checkTokenStrength({
        sessionTokens: hook.tokens ?? tokens,
        source: hook.tokens ? "test-hook" : "sign-in",
        others: [{ label: `CSRF token (${a.csrfTokenEndpoint ?? "none"})`, samples: csrf }],
        opaque: [{ label: "pending cookie", samples: pendingSeen }],
        minSamples: WANTED_SAMPLES,
      }));
    }

    // --- 8. TOTP (last: wrong codes throttle the account for a while)
    if (want("totp-replay", "totp-throttle") && last) {
      log("TOTP reuse and throttling…");
      const ctxE = await newContext();
      const pe = await ctxE.newPage();
      await passwordStep(pe, cfg.base, a, cfg.email, cfg.password);
      const reuse = await submitCode(pe, a, last.code);
      if (want("totp-replay")) results.push(C.checkTotpReplay(reuse));
      if (reuse.signedIn) {
        tokens.push(((await ctxE.cookies()).find((c) => c.name === a.session.cookie)?.value) ?? "");
        await passwordStep(pe, cfg.base, a, cfg.email, cfg.password);
      }
      if (want("totp-throttle")) {
        const messages: string[] = [];
        let throttledAt: number | null = null;
        let wrongSignedIn = false;
        const wrong = clock.wrongCodes(8);
        for (let i = 0; i < wrong.length; i++) {
          const res = await submitCode(pe, a, wrong[i] ?? "000000");
          if (res.signedIn) { wrongSignedIn = true; break; }
          messages.push(res.message);
          if (new RegExp(a.signIn.throttledMessage, "i").test(res.message)) { throttledAt = i + 1; break; }
          if (/start again|took too long/i.test(res.message)) break;
        }
        results.push(C.checkTotpThrottle({ messages, throttledAt, signedIn: wrongSignedIn, priorFailures: reuse.signedIn ? 0 : 1 }));
      }
    }

    // --- 11. lock-out by strangers (very last: afterwards the account's sign-in costs a puzzle)
    if (want("account-lockout")) {
      log("wrong passwords from many addresses, then the right one…");
      const loopback = /^(localhost|127(?:\.\d{1,3}){3}|::1)$/i.test(host);
      const spray = await P.sprayAccount(t, creds, loopback);
      results.push(C.checkAccountLockout({ ...spray, throttledMessage: a.signIn.throttledMessage, puzzleMessage: a.lockout?.puzzleMessage }));
    }
  } finally {
    // End what we started: sign out sessions still alive (best effort), close the browser.
    for (const s of live) {
      const still = await rawRequest(cfg.base, { path: a.me.path, headers: { cookie: `${a.session.cookie}=${s.token}`, "user-agent": ua, ...P.asVictim(ua).headers } });
      if (still.status === 200) await signOutUi(s.page, cfg.base, a).catch(() => undefined);
    }
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser.close().catch(() => undefined);
  }

  const order: readonly string[] = CHECK_IDS;
  results.sort((x, y) => order.indexOf(x.id) - order.indexOf(y.id));
  return {
    tool: "sessionguard-hijack-simulator",
    version: 1,
    target: cfg.base,
    adapter: `${a.name} (${path.relative(process.cwd(), cfg.adapterPath) || cfg.adapterPath})`,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    strict: cfg.strict,
    results,
    summary: { pass: results.filter((r) => r.status === "PASS").length, fail: results.filter((r) => r.status === "FAIL").length, warn: results.filter((r) => r.status === "WARN").length },
    notes,
  };
}
