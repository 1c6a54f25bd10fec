// Soft binding: how the current request's network and browser compare with the session's.
export type IpMatch = "same" | "prefix" | "different";
export type UaMatch = "same" | "version" | "different";

export interface ClientShape {
  ip: string;
  ipPrefix: string;
  uaHash: string;
  browser: string | null;
  os: string | null;
}

export function compareIp(bound: Pick<ClientShape, "ip" | "ipPrefix">, cur: Pick<ClientShape, "ip" | "ipPrefix">): IpMatch {
  if (bound.ip === cur.ip) return "same";
  return bound.ipPrefix === cur.ipPrefix ? "prefix" : "different";
}

/** Browsers built on Chromium: their UA string says "Chrome"; only client hints name the brand. */
export const CHROMIUM_FAMILY = /^(Chrome|Chromium|Edge|Microsoft Edge|Opera|Brave|Vivaldi|Samsung Browser|Yandex)/;

const norm = (s: string) => s.toLowerCase().replace(/^google /, "").replace(/^microsoft /, "");

/** One family: the same name, or two Chromium brands (the session may have recorded the hint's brand). */
function sameFamily(bound: string, cur: string): boolean {
  return norm(bound) === norm(cur) || (CHROMIUM_FAMILY.test(bound) && CHROMIUM_FAMILY.test(cur));
}

/**
 * Same hash → same; same family and OS → a version change (update); otherwise different.
 * `cur` must describe the UA string alone (issue 16): client hints are separate evidence
 * (`hintsAgree`), so Chromium hints attached to "curl/8.5.0" cannot make it look like Chrome.
 */
export function compareUa(bound: Omit<ClientShape, "ip" | "ipPrefix">, cur: Omit<ClientShape, "ip" | "ipPrefix">): UaMatch {
  if (bound.uaHash === cur.uaHash) return "same";
  if (bound.browser && bound.os && cur.browser && cur.os && sameFamily(bound.browser, cur.browser) && norm(bound.os) === norm(cur.os)) return "version";
  return "different";
}

/** Client hints (sent by Chromium) against the session's recorded browser/OS; null when absent. */
export function hintsAgree(bound: { browser: string | null; os: string | null }, hints: { brand: string | null; platform: string | null } | undefined): boolean | null {
  if (!hints || (!hints.brand && !hints.platform)) return null;
  if (hints.platform && bound.os && norm(hints.platform) !== norm(bound.os)) return false;
  if (hints.brand && bound.browser && !norm(bound.browser).includes(norm(hints.brand)) && !norm(hints.brand).includes(norm(bound.browser))) return false;
  return true;
}
