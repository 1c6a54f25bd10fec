import "server-only";
import { createHash } from "node:crypto";
// ua-parser-js 1.x is CommonJS and ships no types; @types/ua-parser-js declares `export =`
// with a `UAParser` alias property, which is what makes this named import type-check.
import { UAParser } from "ua-parser-js";

export type DeviceType = "desktop" | "mobile" | "tablet" | "other";

export type UserAgentInfo = {
  text: string;
  hash: string;
  browser: string | null;
  browserMajor: string | null;
  os: string | null;
  deviceType: DeviceType;
};

// Stored/displayed copy is bounded; the hash still covers the full header.
const MAX_TEXT = 512;
// Parsing cost grows with input; real UAs are far shorter than this.
const MAX_PARSE = 1024;

function orNull(v: string | undefined): string | null {
  return v === undefined || v === "" ? null : v;
}

/** SHA-256 of the whole User-Agent header: the session row's `uaHash`. */
export function userAgentHash(ua: string | null | undefined): string {
  return createHash("sha256").update(typeof ua === "string" ? ua : "", "utf8").digest("hex");
}

/** Never throws; the UA is attacker-controlled so callers must render `text` as plain text. */
export function describeUserAgent(ua: string | null | undefined): UserAgentInfo {
  const full = typeof ua === "string" ? ua : "";
  const hash = userAgentHash(full);
  const text = full.slice(0, MAX_TEXT);
  if (full === "") {
    return { text, hash, browser: null, browserMajor: null, os: null, deviceType: "other" };
  }

  let browser: string | null = null;
  let browserMajor: string | null = null;
  let os: string | null = null;
  let rawType: string | undefined;
  try {
    const r = new UAParser(full.slice(0, MAX_PARSE)).getResult();
    browser = orNull(r.browser.name);
    browserMajor = orNull(r.browser.major);
    os = orNull(r.os.name);
    rawType = r.device.type;
  } catch {
    // Parsing is best-effort metadata; a parser bug must not break sign-in.
  }

  let deviceType: DeviceType;
  if (rawType === "mobile" || rawType === "tablet") deviceType = rawType;
  else if (rawType === undefined) deviceType = os !== null ? "desktop" : "other";
  else deviceType = "other";

  return { text, hash, browser, browserMajor, os, deviceType };
}
