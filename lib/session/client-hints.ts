// User-Agent Client Hints (Sec-CH-UA*), sent by Chromium browsers on secure origins. They name
// the real brand (Edge, Brave, Opera…) behind a Chrome-like UA string and the platform.
export interface ClientHints {
  brand: string | null;
  brandMajor: string | null;
  platform: string | null;
  mobile: boolean | null;
}

const GREASE = /not.?a.?brand|^chromium$/i;
const MAX = 512;

/** Parses `"Brand";v="123", "Other";v="1"`; garbage gives nulls, never an exception. */
export function parseClientHints(h: { ua?: string | null; platform?: string | null; mobile?: string | null }): ClientHints {
  let brand: string | null = null;
  let brandMajor: string | null = null;
  let chromium: { name: string; v: string } | null = null;
  const ua = (h.ua ?? "").slice(0, MAX);
  for (const m of ua.matchAll(/"([^"]{1,64})"\s*;\s*v\s*=\s*"(\d{1,6})(?:\.[\d.]*)?"/g)) {
    const [, name = "", v = ""] = m;
    if (/^chromium$/i.test(name)) chromium = { name, v };
    if (GREASE.test(name) || brand) continue;
    brand = name;
    brandMajor = v;
  }
  if (!brand && chromium) ({ name: brand, v: brandMajor } = chromium);
  const platformRaw = (h.platform ?? "").slice(0, 64).trim().replace(/^"|"$/g, "");
  const platform = /^[A-Za-z0-9 ._-]{1,40}$/.test(platformRaw) && platformRaw.toLowerCase() !== "unknown" ? platformRaw : null;
  const mobile = h.mobile === "?1" ? true : h.mobile === "?0" ? false : null;
  return { brand: brand === "Google Chrome" ? "Chrome" : brand, brandMajor, platform: platform === "macOS" ? "Mac OS" : platform, mobile };
}
