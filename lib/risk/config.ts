// Weights and thresholds of the risk engine: one typed place with defaults. An operator can
// override any part with RISK_CONFIG_JSON (inline JSON) or RISK_CONFIG_FILE (a JSON file);
// both are deep-merged over the defaults and validated.
import { readFileSync } from "node:fs";
import { z } from "zod";

export const DEFAULT_RISK_CONFIG = {
  weights: {
    /** Same /24 (/64) network, different address: ordinary roaming inside one ISP block. */
    ipSamePrefix: 2,
    /** Another network (Wi-Fi ↔ cellular, VPN). Small on its own. */
    ipNewPrefix: 15,
    /** Same browser family and OS, other version (browser update). */
    uaVersionChange: 10,
    /** Other browser family or OS: strong, it rarely happens inside one session. */
    uaChanged: 45,
    /** Client hints contradict the session's browser or platform. */
    hintsDisagree: 15,
    /** Faster than maxTravelKmh between the last and the current place. */
    impossibleTravel: 50,
    /** Country changed (plausible speed): weak on its own (VPNs, trains, planes). */
    countryChanged: 10,
    /** More requests than a person makes (see rapidFire). */
    rapidFire: 40,
    /** Rapid-fire again soon after a solved challenge. */
    rapidFireAfterChallenge: 60,
    /** A sensitive action without first viewing the page that offers it. */
    navigationSkipped: 30,
    /** A browser-begun session sends a request without browser fetch metadata. */
    fetchMetadataMissing: 25,
    /** Cross-site fetch metadata or a foreign Origin on a state-changing request. */
    crossSite: 40,
    /** Several failed confirmations (password, step-up code, forbidden resources). */
    repeatedFailures: 40,
    /** Many failed confirmations: enough to suspend on its own. */
    manyFailures: 90,
  },
  thresholds: {
    /** Ordinary requests: log from `log`, respond (step-up or challenge) from `respond`, suspend from `suspend`. */
    ordinary: { log: 10, respond: 40, suspend: 90 },
    /** Sensitive actions (change email/password/address/TOTP, revoke-all, admin actions). */
    sensitive: { log: 1, respond: 15, suspend: 90 },
  },
  rapidFire: { perSecond: 10, perMinute: 120 },
  maxTravelKmh: 900,
  /** City-level GeoIP is coarse (mobile carriers map to far-away gateways): shorter jumps never count as impossible. */
  minTravelKm: 500,
  failures: { windowSeconds: 15 * 60, repeated: 3, many: 6 },
  /** A page must have been viewed within this window for its sensitive action to look human. */
  navigationWindowSeconds: 30 * 60,
  challenge: { maxNumber: 50_000, expiresSeconds: 300, repeatWindowSeconds: 10 * 60 },
};

export type RiskConfig = typeof DEFAULT_RISK_CONFIG;

const num = z.number().finite().min(0);
const schema = z.object({
  weights: z.record(z.string(), num),
  thresholds: z.object({ ordinary: z.object({ log: num, respond: num, suspend: num }), sensitive: z.object({ log: num, respond: num, suspend: num }) }),
  rapidFire: z.object({ perSecond: num, perMinute: num }),
  maxTravelKmh: num,
  minTravelKm: num,
  failures: z.object({ windowSeconds: num, repeated: num, many: num }),
  navigationWindowSeconds: num,
  challenge: z.object({ maxNumber: num, expiresSeconds: num, repeatWindowSeconds: num }),
});

function merge<T>(base: T, over: unknown): T {
  if (!over || typeof over !== "object" || Array.isArray(over)) return base;
  const out = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) {
    if (!(k in out)) throw new Error(`risk config: unknown key "${k}"`);
    out[k] = typeof v === "object" && v !== null && !Array.isArray(v) ? merge(out[k], v) : v;
  }
  return out as T;
}

/** Defaults, overridden by a JSON file and then inline JSON; throws naming what is wrong. */
export function buildRiskConfig(opts: { json?: string; file?: string } = {}): RiskConfig {
  let cfg: RiskConfig = DEFAULT_RISK_CONFIG;
  if (opts.file) cfg = merge(cfg, JSON.parse(readFileSync(opts.file, "utf8")));
  if (opts.json) cfg = merge(cfg, JSON.parse(opts.json));
  const parsed = schema.safeParse(cfg);
  if (!parsed.success) throw new Error(`risk config: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return cfg;
}
