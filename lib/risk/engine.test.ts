// The engine's browser comparison judges the UA string itself; client hints are separate evidence.
// Issue 16: a session signed in as Chrome on Windows whose next request said "curl/8.5.0" with
// Chromium hints attached was judged a mere "version change" (weight 10): its page was served.
import { describe, expect, it } from "vitest";
import { signalsOf, type RiskRequest, type SessionBinding } from "./engine";
import { DEFAULT_RISK_CONFIG } from "./config";
import { describeUserAgent } from "@/lib/session/user-agent";
import { parseClientHints } from "@/lib/session/client-hints";

const CHROME_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const HINTS = parseClientHints({ ua: '"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"', platform: '"Windows"', mobile: "?0" });
const origin = describeUserAgent(CHROME_WIN);
const session: SessionBinding = { id: "s", ip: "203.0.113.10", ipPrefix: "203.0.113.0/24", uaHash: origin.hash, browser: origin.browser, os: origin.os, prevIp: "203.0.113.10", prevSeenAt: new Date(0), startedInBrowser: true };
const deps = { cfg: DEFAULT_RISK_CONFIG, appOrigin: "http://localhost:3000", place: () => null, describeUa: (ua: string) => describeUserAgent(ua) };
const obs = { perSecond: 1, perMinute: 1, failures: 0, challengePassedAt: 0 };
const request = (userAgent: string, hints = HINTS): RiskRequest => ({
  ip: "203.0.113.10", ipPrefix: "203.0.113.0/24", userAgent, hints, path: "/account", method: "GET", isPageView: true,
  fetch: { site: "same-origin", mode: "navigate", dest: "document", origin: null },
});
const ids = (r: RiskRequest) => signalsOf(session, r, deps, 1000, obs).map((s) => s.id);

describe("browser change judged on the UA string", () => {
  it("curl with Chromium hints attached is a different browser, not a version change", () => {
    expect(ids(request("curl/8.5.0"))).toContain("uaChanged");
    expect(ids(request("curl/8.5.0"))).not.toContain("uaVersionChange");
    // The old rule (hints believed for an unrecognised string) described it as Chrome on Windows.
    const believed = { browser: HINTS.brand, os: HINTS.platform };
    expect(believed).toEqual({ browser: origin.browser, os: origin.os });
  });

  it("a Chrome update with matching hints stays a version change", () => {
    expect(ids(request(CHROME_WIN.replace("Chrome/131", "Chrome/132")))).toEqual(["uaVersionChange"]);
  });

  it("hints that contradict the session are their own signal", () => {
    const mac = parseClientHints({ ua: '"Google Chrome";v="131"', platform: '"macOS"', mobile: "?0" });
    expect(ids(request(CHROME_WIN, mac))).toEqual(["hintsDisagree"]);
  });
});
