// The hijack simulator's checks must be able to FAIL: each runs against a tiny loopback server
// that misbehaves in one way (and against a well-behaved one, where it must PASS). The probes
// are the simulator's own raw-HTTP probes; browser-only observations are fed to the pure checks.
import http from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import type { Adapter } from "@/tools/attack/adapter";
import * as C from "@/tools/attack/checks";
import * as P from "@/tools/attack/probes";
import { isLoopbackHost, rawRequest } from "@/tools/attack/http";
import { codeForStep, TotpClock } from "@/tools/attack/totp";
import { analyseTokens } from "@/tools/attack/tokens";
import { reportCard, reportHtml } from "@/tools/attack/report";

interface Behaviour {
  secureCookie: boolean; // HttpOnly, Secure, SameSite=Lax, __Host- prefix
  randomTokens: boolean; // 32 CSPRNG bytes vs a counter
  adoptPlanted: boolean; // keeps a cookie presented at sign-in (fixation)
  revokeOnSignOut: boolean;
  checkOrigin: boolean; // refuses cross-origin POSTs
  bindIp: boolean; // refuses a session from another address (challenge)
  trustXff: boolean; // believes client-sent X-Forwarded-For
  headers: boolean; // CSP with nonce, frame-ancestors, nosniff, Referrer-Policy
  rateLimit: boolean; // 429 after 20 requests a second per session
  enforceExpiry: boolean; // the expiry test hook really ends the session
  lockOutAccount: boolean; // 50 wrong passwords for an account refuse everyone (vs. a puzzle first)
  silentEmailChange: boolean; // the session alone changes the address (vs. a code now + the new address's link)
}

const GOOD: Behaviour = { secureCookie: true, randomTokens: true, adoptPlanted: false, revokeOnSignOut: true, checkOrigin: true, bindIp: true, trustXff: false, headers: true, rateLimit: true, enforceExpiry: true, lockOutAccount: false, silentEmailChange: false };
const BAD: Behaviour = { secureCookie: false, randomTokens: false, adoptPlanted: true, revokeOnSignOut: false, checkOrigin: false, bindIp: false, trustXff: true, headers: false, rateLimit: false, enforceExpiry: false, lockOutAccount: true, silentEmailChange: true };

const servers: http.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

/** A toy app with a sign-in endpoint, /api/me, /account with a sign-out form, test hooks. */
async function fakeTarget(b: Behaviour): Promise<{ base: string; adapter: Adapter }> {
  const cookie = b.secureCookie ? "__Host-sid" : "sid";
  const sessions = new Map<string, { ip: string; alive: boolean; hits: number[] }>();
  let counter = 1000;
  const newToken = () => (b.randomTokens ? randomBytes(32).toString("base64url") : `tok-${String(counter++).padStart(10, "0")}`);
  const clientIp = (req: http.IncomingMessage) => {
    const xff = req.headers["x-forwarded-for"];
    if (b.trustXff && typeof xff === "string") return xff.split(",")[0]!.trim();
    return (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
  };
  const tokenOf = (req: http.IncomingMessage) => new Map((req.headers.cookie ?? "").split(/;\s*/).map((p) => p.split("=") as [string, string])).get(cookie);
  const setCookie = (t: string) => (b.secureCookie ? `${cookie}=${t}; Path=/; HttpOnly; Secure; SameSite=Lax` : `${cookie}=${t}; Path=/`);
  const securityHeaders = (): Record<string, string> =>
    b.headers
      ? { "content-security-policy": `default-src 'self'; script-src 'self' 'nonce-${randomBytes(8).toString("base64")}' 'strict-dynamic'; frame-ancestors 'none'`, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" }
      : { "content-security-policy": "default-src *; script-src 'self' 'unsafe-inline'" };
  let origin = "";
  let accountFailures = 0;
  let accountEmail = "owner@example.test";
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", origin);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const json = (status: number, body: unknown, extra: Record<string, string | string[]> = {}) => res.writeHead(status, { "content-type": "application/json", ...extra }).end(JSON.stringify(body));
      const crossOrigin = req.method === "POST" && req.headers.origin !== undefined && req.headers.origin !== origin;
      if (b.checkOrigin && crossOrigin) return json(403, { error: "cross-origin" });
      const token = tokenOf(req);
      const s = token ? sessions.get(token) : undefined;
      const live = () => {
        if (!s?.alive) return { status: 401, body: { error: "unauthenticated" } };
        if (b.bindIp && s.ip !== clientIp(req)) return { status: 401, body: { error: "step_up_required" } };
        if (b.rateLimit) {
          const now = Date.now();
          s.hits = [...s.hits.filter((x) => now - x < 1000), now];
          if (s.hits.length > 20) return { status: 429, body: { error: "slow down" } };
        }
        return { status: 200, body: { userId: "u1", sessionId: "s1" } };
      };
      switch (`${req.method} ${url.pathname}`) {
        case "POST /login": {
          const t = b.adoptPlanted && token ? token : newToken();
          sessions.set(t, { ip: clientIp(req), alive: true, hits: [] });
          return json(200, { ok: true }, { "set-cookie": setCookie(t) });
        }
        case "GET /api/auth/csrf":
          return json(200, { csrfToken: "c".repeat(64) }, { "set-cookie": "csrf=1; Path=/" });
        case "POST /api/auth/callback/credentials": {
          // The password step, with main's old per-account rule or the puzzle in front of it.
          const f = new URLSearchParams(Buffer.concat(chunks).toString());
          const back = (error: string | null, setPending: boolean) => json(200, { url: error ? `${origin}/sign-in?error=${encodeURIComponent(error)}` : `${origin}/mfa` }, setPending ? { "set-cookie": "pending=1; Path=/" } : {});
          if (accountFailures >= 50) return back(b.lockOutAccount ? "Too many attempts. Try again in 60 minutes." : "Your browser solves a short puzzle before your password is checked.", false);
          if (f.get("password") !== "right-password") {
            accountFailures++;
            return back("Invalid email or password.", false);
          }
          return back(null, true);
        }
        case "GET /api/me": {
          const r = live();
          return json(r.status, r.body);
        }
        case "GET /sign-in":
          return res.writeHead(200, { "content-type": "text/html", ...securityHeaders() }).end("<h1>Sign in</h1>");
        case "GET /account": {
          if (live().status !== 200) return res.writeHead(303, { location: "/sign-in" }).end();
          return res.writeHead(200, { "content-type": "text/html", ...securityHeaders() }).end(`<p>Signed in from ${s!.ip}</p><p data-testid="account-email">${accountEmail}</p><form method="POST" action="/signout"><input type="hidden" name="x" value="1"><button type="submit">Sign out</button></form><form method="POST" action="/change-email"><input name="email"><input name="code"><button type="submit">Change email</button></form>`);
        }
        case "POST /change-email": {
          if (live().status !== 200) return json(401, { error: "unauthenticated" });
          const f = new URLSearchParams(Buffer.concat(chunks).toString());
          // main's old rule: a fresh session needed nothing else.
          if (b.silentEmailChange) accountEmail = f.get("email") ?? accountEmail;
          return res.writeHead(200, { "content-type": "text/html" }).end(b.silentEmailChange ? "changed" : "a code is needed");
        }
        case "POST /signout":
          if (s && b.revokeOnSignOut) s.alive = false;
          return res.writeHead(303, { location: "/sign-in", "set-cookie": `${cookie}=; Path=/; Max-Age=0` }).end();
        case "GET /api/test-hooks/tokens":
          return json(200, { tokens: Array.from({ length: Number(url.searchParams.get("n") ?? 50) }, newToken) });
        case "POST /api/test-hooks/expire-session":
          if (s && b.enforceExpiry) s.alive = false;
          return json(s ? 200 : 404, { ok: Boolean(s) });
        default:
          return json(404, { error: "not found" });
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const adapter: Adapter = {
    name: "fake",
    signIn: { path: "/sign-in", emailLabel: "Email", passwordLabel: "Password", continueButton: "Continue", codeUrl: "/mfa$", codeLabel: "Code", verifyButton: "Verify", successUrl: "/account$", errorSelector: "[role=alert]", reusedMessage: "already used", throttledMessage: "too many" },
    session: { cookie, tokenPattern: "^[A-Za-z0-9_-]{43}$" },
    otherCookies: [],
    me: { path: "/api/me", sessionIdField: "sessionId" },
    signOut: { page: "/account", button: "Sign out" },
    headerPages: [{ path: "/sign-in", protected: false }, { path: "/account", protected: true }],
    ipDisplayPages: ["/account"],
    sensitiveEndpoint: null,
    csrfProbes: [{ name: "login", method: "POST", path: "/login", contentType: "application/x-www-form-urlencoded", body: "email={email}&password={password}", setsCookie: cookie }],
    challengeMarkers: ["step[-_ ]?up", "challenge"],
    totp: { periodSeconds: 30, digits: 6, acceptedSkewSteps: 1 },
    testHooks: { tokens: "/api/test-hooks/tokens", expire: "/api/test-hooks/expire-session" },
    csrfTokenEndpoint: "/api/auth/csrf",
    emailChange: { page: "/account", button: "Change email", field: "email", displayPattern: 'data-testid="account-email"[^>]*>([^<]*)<' },
    lockout: {
      callback: { method: "POST", path: "/api/auth/callback/credentials", contentType: "application/x-www-form-urlencoded", body: "csrfToken={csrfToken}&email={email}&password={password}&json=true" },
      attempts: 50, sources: 10, errorParam: "error", puzzleMessage: "solves a short puzzle", setsCookie: "pending",
    },
  };
  return { base: origin, adapter };
}

/** Signs in raw (same origin), optionally presenting a planted cookie and a forwarded address. */
async function login(t: P.Target, o: { planted?: string; xff?: string } = {}) {
  const headers: Record<string, string> = { origin: t.base, "content-type": "application/x-www-form-urlencoded" };
  if (o.planted) headers.cookie = `${t.adapter.session.cookie}=${o.planted}`;
  if (o.xff) headers["x-forwarded-for"] = o.xff;
  const res = await rawRequest(t.base, { path: "/login", method: "POST", headers, body: "email=a%40b.c&password=x" });
  const line = P.setsCookie(res, t.adapter.session.cookie)!;
  return { line, token: C.parseSetCookie(line).value, body: res.body };
}

const strict = { strict: true };
const lax = { strict: false };

describe.each([
  ["misbehaving target", BAD, "FAIL"],
  ["well-behaved target", GOOD, "PASS"],
] as const)("%s", (_label, behaviour, expected) => {
  const target = () => fakeTarget(behaviour);

  it(`1. cookie attributes → ${expected}`, async () => {
    const t = await target();
    const { line, token, body } = await login(t);
    // What a browser would expose to script: a non-HttpOnly cookie is in document.cookie.
    const documentCookie = /httponly/i.test(line) ? "" : `${t.adapter.session.cookie}=${token}`;
    const r = C.checkCookieAttributes({ cookieName: t.adapter.session.cookie, token, setCookieLines: [line], documentCookie, urls: [`${t.base}/account`], bodies: [{ url: "/login", body }] });
    expect(r.status, r.evidence).toBe(expected);
  });

  it(`2. token strength (50 tokens from the test hook) → ${expected}`, async () => {
    const t = await target();
    const hook = await P.tokensFromHook(t, 50);
    expect(hook.tokens).toHaveLength(50);
    const r = C.checkTokenStrength({ sessionTokens: hook.tokens!, source: "test-hook", others: [], opaque: [], minSamples: 50 });
    expect(r.status, r.evidence).toBe(expected);
  });

  it(`3. fixation → ${expected}`, async () => {
    const t = await target();
    const planted = randomBytes(32).toString("base64url");
    const { token } = await login(t, { planted });
    const r = C.checkFixation({ planted, issued: token, plantedMeStatus: (await P.probeMe(t, planted)).status, issuedMeStatus: (await P.probeMe(t, token)).status });
    expect(r.status, r.evidence).toBe(expected);
  });

  it(`4. replay after sign-out → ${expected}`, async () => {
    const t = await target();
    const { token } = await login(t);
    const before = await P.probeMe(t, token);
    const out = await P.submitFormByButton(t, "/account", "Sign out", token, t.base);
    expect("res" in out && out.res.status).toBe(303);
    const r = C.checkReplayAfter({ what: "sign-out", before: before.status, after: (await P.probeMe(t, token)).status });
    expect(r.status, r.evidence).toBe(expected);
  });

  it(`4. replay after expiry (test hook) → ${expected}`, async () => {
    const t = await target();
    const [a, b] = [await login(t), await login(t)];
    const r = C.checkExpiry(await P.probeExpiry(t, { idle: a.token, absolute: b.token }));
    expect(r.status, r.evidence).toBe(expected);
  });

  it(`5. replay from another address + UA → ${expected === "FAIL" ? "WARN, FAIL with --strict" : "PASS"}`, async () => {
    const t = await target();
    const { token } = await login(t);
    const baseline = await P.probeMe(t, token);
    const foreign = [await P.probeMe(t, token, { localAddress: "127.0.0.2", userAgent: "Other/1.0" })];
    const obs = { baseline: baseline.status, secondIp: "127.0.0.2", foreign, markers: t.adapter.challengeMarkers, sensitiveNamed: false };
    expect(C.checkForeignReplay(obs, lax).status).toBe(expected === "FAIL" ? "WARN" : "PASS");
    expect(C.checkForeignReplay(obs, strict).status).toBe(expected);
  });

  it(`6. X-Forwarded-For spoofing → ${expected}`, async () => {
    const t = await target();
    const spoofed = "203.0.113.77";
    // Signed in through a "proxy header" the client made up; the binding uses the believed IP.
    const { token } = await login(t, { xff: spoofed });
    const echo = await P.pagesShowing(t, token, spoofed);
    const victim = await login(t);
    const withXff = await P.probeMe(t, victim.token, { localAddress: "127.0.0.2", headers: { "x-forwarded-for": "127.0.0.1" } }, "GET me + XFF");
    const withoutXff = await P.probeMe(t, victim.token, { localAddress: "127.0.0.2" });
    const r = C.checkXffSpoofing({ spoofedIp: spoofed, ...echo, victimIp: "127.0.0.1", secondIp: "127.0.0.2", withXff, withoutXff });
    expect(r.status, r.evidence).toBe(expected);
  });

  it(`7. CSRF (cross-origin sign-out and login) → ${expected}`, async () => {
    // The sign-out probe can only show a state change on a target whose sign-out works.
    const t = await fakeTarget({ ...behaviour, revokeOnSignOut: true });
    const { token } = await login(t);
    const probes = await P.probeCsrf(t, token, { email: "a@b.c", password: "x" });
    expect(probes.map((p) => p.name)).toEqual(["sign-out form (POST /signout)", "login"]);
    const r = C.checkCsrf(probes);
    expect(r.status, r.evidence).toBe(expected);
    if (expected === "FAIL") expect(probes.every((p) => p.stateChanged)).toBe(true);
  });

  it(`9. security headers → ${expected}`, async () => {
    const t = await target();
    const { token } = await login(t);
    const r = C.checkSecurityHeaders(await P.fetchHeaderPages(t, token));
    expect(r.status, r.evidence).toBe(expected);
  });

  it(`10. rapid-fire → ${expected === "FAIL" ? "WARN, FAIL with --strict" : "PASS"}`, async () => {
    const t = await target();
    const { token } = await login(t);
    const obs = await P.rapidFire(t, token, {}, 40, 500);
    expect(obs.requests).toBe(40);
    expect(C.checkRapidFire(obs, lax).status).toBe(expected === "FAIL" ? "WARN" : "PASS");
    expect(C.checkRapidFire(obs, strict).status).toBe(expected);
  });
});

describe.each([
  ["old rule (the session alone changes it)", BAD, "FAIL"],
  ["a code now and the new address's link", GOOD, "PASS"],
] as const)("12. email change with a replayed fresh cookie, %s", (_label, behaviour, expected) => {
  it(`the form posted with only the attacker's address → ${expected}`, async () => {
    const t = await fakeTarget(behaviour);
    const { token } = await login(t);
    const res = C.checkEmailChange(await P.probeEmailChange(t, token, {}));
    expect(res.status, res.evidence).toBe(expected);
  });
});

describe.each([
  ["old rule (per-account block)", BAD, "FAIL"],
  ["puzzle in front of the account", GOOD, "PASS"],
] as const)("11. account lock-out by strangers, %s", (_label, behaviour, expected) => {
  it(`50 wrong passwords from 10 addresses, then the owner's → ${expected}`, async () => {
    const t = await fakeTarget(behaviour);
    const spray = await P.sprayAccount(t, { email: "owner@example.test", password: "right-password" }, true);
    const res = C.checkAccountLockout({ ...spray, throttledMessage: t.adapter.signIn.throttledMessage, puzzleMessage: t.adapter.lockout?.puzzleMessage });
    expect(res.status, res.evidence).toBe(expected);
  });
});

describe("6. X-Forwarded-For, status path alone", () => {
  it("a target that binds sessions to the believed IP but believes XFF FAILs even when no page shows the address", async () => {
    const t = await fakeTarget({ ...GOOD, trustXff: true });
    t.adapter.ipDisplayPages = [];
    const victim = await login(t);
    const withXff = await P.probeMe(t, victim.token, { localAddress: "127.0.0.2", headers: { "x-forwarded-for": "127.0.0.1" } }, "GET me + XFF");
    const withoutXff = await P.probeMe(t, victim.token, { localAddress: "127.0.0.2" });
    expect([withXff.status, withoutXff.status]).toEqual([200, 401]);
    const r = C.checkXffSpoofing({ spoofedIp: "203.0.113.77", echoedOn: [], pagesChecked: 0, victimIp: "127.0.0.1", secondIp: "127.0.0.2", withXff, withoutXff });
    expect(r.status, r.evidence).toBe("FAIL");
    expect(r.evidence).toContain("XFF turned a refusal into success");
  });
});

describe("pure checks and helpers", () => {
  it("11. lock-out: a granted next step PASSes; not tested WARNs; a refusal that is not a puzzle FAILs", () => {
    const base = { attempts: 50, sources: 10, throttledMessage: "too many attempts", puzzleMessage: "puzzle" };
    expect(C.checkAccountLockout({ ...base, owner: { status: 200, error: null, pending: true } }).status).toBe("PASS");
    expect(C.checkAccountLockout({ ...base, skipped: "not loopback", owner: { status: 0, error: null, pending: false } }).status).toBe("WARN");
    expect(C.checkAccountLockout({ ...base, owner: { status: 200, error: "Invalid email or password.", pending: false } }).status).toBe("FAIL");
  });

  it("revocation replay: 200 after revoking FAILs, 401 PASSes", () => {
    expect(C.checkReplayAfter({ what: "revocation", before: 200, after: 200 }).status).toBe("FAIL");
    expect(C.checkReplayAfter({ what: "revocation", before: 200, after: 401 }).status).toBe("PASS");
    expect(C.checkReplayAfter({ what: "revocation", before: 401, after: 401 }).status).toBe("WARN");
  });

  it("expiry without a hook is a WARN, never a PASS", () => {
    expect(C.checkExpiry({ hookPath: "/x", hookStatus: 404, results: [] }).status).toBe("WARN");
  });

  it("8. TOTP: a reused code that signs in FAILs; no throttling after 8 wrong codes FAILs", () => {
    expect(C.checkTotpReplay({ signedIn: true, message: "" }).status).toBe("FAIL");
    expect(C.checkTotpReplay({ signedIn: false, message: "That code was already used." }).status).toBe("PASS");
    expect(C.checkTotpThrottle({ messages: Array(8).fill("That code is not valid."), throttledAt: null, signedIn: false }).status).toBe("FAIL");
    expect(C.checkTotpThrottle({ messages: ["not valid", "Too many attempts."], throttledAt: 2, signedIn: false }).status).toBe("PASS");
  });

  it("token strength: few real samples WARN; short or prefixed tokens FAIL", () => {
    const five = Array.from({ length: 5 }, () => randomBytes(32).toString("base64url"));
    expect(C.checkTokenStrength({ sessionTokens: five, source: "sign-in", others: [], opaque: [], minSamples: 50 }).status).toBe("WARN");
    const short = Array.from({ length: 50 }, () => randomBytes(8).toString("hex"));
    expect(C.checkTokenStrength({ sessionTokens: short, source: "test-hook", others: [], opaque: [], minSamples: 50 }).status).toBe("FAIL");
    const prefixed = Array.from({ length: 50 }, () => `sess_${"A".repeat(20)}${randomBytes(12).toString("base64url")}`);
    const a = analyseTokens(prefixed);
    expect(a.constantPositions).toBeGreaterThanOrEqual(25);
    expect(C.checkTokenStrength({ sessionTokens: prefixed, source: "test-hook", others: [], opaque: [], minSamples: 50 }).status).toBe("FAIL");
    expect(analyseTokens(five).bitsPerToken).toBe(256);
    expect(analyseTokens(Array.from({ length: 50 }, () => randomBytes(32).toString("hex"))).effectiveBits).toBe(256);
  });

  it("cookie check: SameSite=None, a Domain, a token in the URL or in a JSON body FAIL", () => {
    const token = randomBytes(32).toString("base64url");
    const base = { cookieName: "__Host-s", token, documentCookie: "", urls: [], bodies: [] };
    const good = `__Host-s=${token}; Path=/; HttpOnly; Secure; SameSite=Lax`;
    expect(C.checkCookieAttributes({ ...base, setCookieLines: [good] }).status).toBe("PASS");
    expect(C.checkCookieAttributes({ ...base, setCookieLines: [`__Host-s=${token}; Path=/; HttpOnly; Secure; SameSite=None`] }).status).toBe("FAIL");
    expect(C.checkCookieAttributes({ ...base, setCookieLines: [`__Host-s=${token}; Path=/; Domain=example.com; HttpOnly; Secure; SameSite=Lax`] }).status).toBe("FAIL");
    expect(C.checkCookieAttributes({ ...base, setCookieLines: [good], urls: [`http://x/cb?session=${token}`] }).status).toBe("FAIL");
    expect(C.checkCookieAttributes({ ...base, setCookieLines: [good], bodies: [{ url: "/api/me", body: JSON.stringify({ token }) }] }).status).toBe("FAIL");
  });

  it("headers: 'unsafe-inline' without a nonce FAILs; with a nonce it is ignored by browsers and PASSes; HSTS on http WARNs", () => {
    const page = (csp: string) => [{ path: "/", status: 200, headers: { "content-security-policy": csp, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY" } }];
    expect(C.checkSecurityHeaders(page("script-src 'self' 'unsafe-inline'")).status).toBe("FAIL");
    expect(C.checkSecurityHeaders(page("script-src 'nonce-abc' 'unsafe-inline' 'strict-dynamic'")).status).toBe("PASS");
    expect(C.checkHsts({ https: false, value: undefined }).status).toBe("WARN");
    expect(C.checkHsts({ https: true, value: undefined }).status).toBe("FAIL");
    expect(C.checkHsts({ https: true, value: "max-age=31536000; includeSubDomains" }).status).toBe("PASS");
  });

  it("TOTP matches RFC 6238 (SHA-1 test vector) and never hands out a used step", async () => {
    const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890"
    expect(codeForStep(rfcSecret, Math.floor(59 / 30), 8)).toBe("94287082");
    expect(codeForStep(rfcSecret, Math.floor(1111111109 / 30), 8)).toBe("07081804");
    const clock = new TotpClock(rfcSecret, 30, 6, 1);
    const a = await clock.next();
    const b = await clock.next();
    expect(b.step).toBeGreaterThan(a.step);
    expect(clock.wrongCodes(8)).not.toContain(a.code);
  });

  it("only loopback hosts are targets by default", () => {
    for (const h of ["localhost", "127.0.0.1", "127.0.0.2", "[::1]", "app.localhost"]) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ["example.com", "10.0.0.1", "192.168.1.2", "localhost.evil.com", "127.0.0.1.nip.io"]) expect(isLoopbackHost(h), h).toBe(false);
  });

  it("report card: one line per check, HTML escapes evidence", () => {
    const rep = { tool: "sessionguard-hijack-simulator" as const, version: 1 as const, target: "http://localhost", adapter: "x", startedAt: "", finishedAt: "", strict: false, notes: [], summary: { pass: 0, fail: 1, warn: 0 }, results: [{ id: "a", name: "demo", status: "FAIL" as const, evidence: "<script>x</script>", fix: "fix it" }] };
    expect(reportCard(rep).split("\n")[1]).toBe("FAIL  demo  <script>x</script>  → fix it");
    expect(reportHtml(rep)).toContain("&lt;script&gt;x&lt;/script&gt;");
  });
});
