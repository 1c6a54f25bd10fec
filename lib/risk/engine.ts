// Turns one request inside a valid session into risk signals, cheaply: everything comes from the
// session row already read, the request headers and one call to the counter store (in memory for
// one instance, one round trip to PostgreSQL or Redis for several).
import { createHash } from "node:crypto";
import type { RiskConfig } from "./config";
import type { Observation, RiskStore } from "./store";
import { compareIp, compareUa, hintsAgree, type ClientShape } from "./signals/binding";
import { assessTravel } from "./signals/travel";
import { assessFetchMetadata, type FetchMeta } from "./signals/fetch-metadata";
import { decide, type Decision, type Signal } from "./policy";
import type { ClientHints } from "@/lib/session/client-hints";

export interface SessionBinding extends ClientShape {
  id: string;
  /** Address and time of the previous request (before this one touched the row). */
  prevIp: string;
  prevSeenAt: Date;
  startedInBrowser: boolean;
}

export interface RiskRequest {
  ip: string;
  ipPrefix: string;
  userAgent: string;
  hints?: ClientHints;
  path: string;
  method: string;
  fetch: FetchMeta;
  /** Page GETs (not prefetches) are remembered for the navigation signal. */
  isPageView: boolean;
}

export interface RiskDeps {
  cfg: RiskConfig;
  store: RiskStore;
  appOrigin: string;
  place(ip: string): { latitude: number | null; longitude: number | null; country: string | null } | null;
  describeUa(ua: string, hints?: ClientHints): { browser: string | null; os: string | null };
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** Counts the request in the store (and remembers a page view); one store call per request. */
export function observe(s: SessionBinding, r: RiskRequest, d: RiskDeps, nowMs: number): Promise<Observation> {
  return d.store.observe(s.id, nowMs, { pageView: r.isPageView ? r.path.slice(0, 256) : undefined, failureWindowMs: d.cfg.failures.windowSeconds * 1000 });
}

/** Signals of an ordinary request, given the counters `observe` returned. Pure. */
export function signalsOf(s: SessionBinding, r: RiskRequest, d: Omit<RiskDeps, "store">, nowMs: number, obs: Observation): Signal[] {
  const out: Signal[] = [];
  const ip = compareIp(s, r);
  if (ip === "prefix") out.push({ id: "ipSamePrefix", class: "identity", value: { ip: r.ip }, reason: "this request came from another address on the same network" });
  if (ip === "different") out.push({ id: "ipNewPrefix", class: "identity", value: { ip: r.ip, prefix: r.ipPrefix, boundPrefix: s.ipPrefix }, reason: "this request came from a new network" });

  const uaHash = sha256(r.userAgent);
  if (uaHash !== s.uaHash) {
    // The string alone: a family or OS change in it is a browser change whatever the hints say.
    const cur = d.describeUa(r.userAgent);
    const ua = compareUa(s, { uaHash, ...cur });
    if (ua === "version") out.push({ id: "uaVersionChange", class: "identity", value: { browser: cur.browser, os: cur.os }, reason: "your browser's version changed" });
    else out.push({ id: "uaChanged", class: "identity", value: { browser: cur.browser, os: cur.os, boundBrowser: s.browser, boundOs: s.os }, reason: "a different browser or device was used" });
  }
  if (hintsAgree(s, r.hints) === false) out.push({ id: "hintsDisagree", class: "identity", value: { hints: r.hints }, reason: "the browser's own description did not match this session" });

  if (r.ip !== s.prevIp) {
    const prev = d.place(s.prevIp);
    const cur = d.place(r.ip);
    if (prev?.latitude != null && prev.longitude != null && cur?.latitude != null && cur.longitude != null) {
      const t = assessTravel({ latitude: prev.latitude, longitude: prev.longitude, country: prev.country, at: s.prevSeenAt }, { latitude: cur.latitude, longitude: cur.longitude, country: cur.country, at: new Date(nowMs) }, d.cfg.maxTravelKmh, d.cfg.minTravelKm);
      const value = { from: prev.country, to: cur.country, km: t.distanceKm, hours: t.hours, kmh: t.speedKmh };
      if (t.impossible) out.push({ id: "impossibleTravel", class: "identity", value, reason: `the location jumped ${t.distanceKm} km in ${t.hours < 1 ? `${Math.round(t.hours * 60)} minutes` : `${t.hours} hours`}` });
      else if (t.countryChanged) out.push({ id: "countryChanged", class: "identity", value, reason: "the request came from another country" });
    }
  }

  const rate = { perSecond: obs.perSecond, perMinute: obs.perMinute };
  if (rate.perSecond > d.cfg.rapidFire.perSecond || rate.perMinute > d.cfg.rapidFire.perMinute) {
    out.push({ id: "rapidFire", class: "automation", value: rate, reason: "requests arrived faster than a person can click" });
    if (obs.challengePassedAt > 0 && obs.challengePassedAt >= nowMs - d.cfg.challenge.repeatWindowSeconds * 1000) {
      out.push({ id: "rapidFireAfterChallenge", class: "automation", value: rate, reason: "the fast requests continued after a solved puzzle" });
    }
  }

  const stateChanging = r.method !== "GET" && r.method !== "HEAD";
  const f = assessFetchMetadata(r.fetch, { startedInBrowser: s.startedInBrowser, stateChanging, appOrigin: d.appOrigin });
  if (f.missing) out.push({ id: "fetchMetadataMissing", class: "automation", value: { ...r.fetch }, reason: "the request did not look like it came from a web browser" });
  if (f.crossSite) out.push({ id: "crossSite", class: "identity", value: { ...r.fetch }, reason: "the request was sent from another website" });

  const failures = obs.failures;
  if (failures >= d.cfg.failures.many) out.push({ id: "manyFailures", class: "identity", value: { failures }, reason: `${failures} confirmations failed in a row` });
  else if (failures >= d.cfg.failures.repeated) out.push({ id: "repeatedFailures", class: "identity", value: { failures }, reason: "several confirmations failed" });
  return out;
}

export async function assessOrdinary(s: SessionBinding, r: RiskRequest, d: RiskDeps, nowMs: number): Promise<Decision> {
  return decide(signalsOf(s, r, d, nowMs, await observe(s, r, d, nowMs)), "ordinary", d.cfg);
}

/** A sensitive action: the ordinary signals plus "was the page that offers it viewed?". */
export async function assessSensitive(ordinary: Decision, s: SessionBinding, action: { name: string; offeredBy: string }, d: RiskDeps, nowMs: number): Promise<Decision> {
  const signals: Signal[] = ordinary.signals.map(({ weight: _w, ...rest }) => rest);
  if (!(await d.store.viewedSince(s.id, action.offeredBy, nowMs - d.cfg.navigationWindowSeconds * 1000))) {
    signals.push({ id: "navigationSkipped", class: "identity", value: { action: action.name, page: action.offeredBy }, reason: "the change was sent without opening the page that offers it" });
  }
  return decide(signals, "sensitive", d.cfg);
}
