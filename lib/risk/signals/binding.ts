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

/** Same hash → same; same family and OS → a version change (update); otherwise different. */
export function compareUa(bound: Omit<ClientShape, "ip" | "ipPrefix">, cur: Omit<ClientShape, "ip" | "ipPrefix">): UaMatch {
  if (bound.uaHash === cur.uaHash) return "same";
  if (bound.browser && bound.os && bound.browser === cur.browser && bound.os === cur.os) return "version";
  return "different";
}

/** Client hints (sent by Chromium) against the session's recorded browser/OS; null when absent. */
export function hintsAgree(bound: { browser: string | null; os: string | null }, hints: { brand: string | null; platform: string | null } | undefined): boolean | null {
  if (!hints || (!hints.brand && !hints.platform)) return null;
  const norm = (s: string | null) => (s ?? "").toLowerCase().replace(/^google /, "").replace(/^microsoft /, "");
  if (hints.platform && bound.os && norm(hints.platform) !== norm(bound.os)) return false;
  if (hints.brand && bound.browser && !norm(bound.browser).includes(norm(hints.brand)) && !norm(hints.brand).includes(norm(bound.browser))) return false;
  return true;
}
