// Turns one request inside a valid session into risk signals, cheaply: everything comes from the
// session row already read, the request headers and in-memory counters (no extra query).
import { createHash } from "node:crypto";
import type { RiskConfig } from "./config";
import type { RiskStore } from "./store";
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

/** Signals of an ordinary request; counts it for rapid-fire and remembers page views. */
export function collectSignals(s: SessionBinding, r: RiskRequest, d: RiskDeps, nowMs: number): Signal[] {
  const out: Signal[] = [];
  const ip = compareIp(s, r);
  if (ip === "prefix") out.push({ id: "ipSamePrefix", class: "identity", value: { ip: r.ip }, reason: "this request came from another address on the same network" });
  if (ip === "different") out.push({ id: "ipNewPrefix", class: "identity", value: { ip: r.ip, prefix: r.ipPrefix, boundPrefix: s.ipPrefix }, reason: "this request came from a new network" });

  const uaHash = sha256(r.userAgent);
  if (uaHash !== s.uaHash) {
    const cur = d.describeUa(r.userAgent, r.hints);
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

  const rate = d.store.hit(s.id, nowMs);
  if (rate.perSecond > d.cfg.rapidFire.perSecond || rate.perMinute > d.cfg.rapidFire.perMinute) {
    out.push({ id: "rapidFire", class: "automation", value: rate, reason: "requests arrived faster than a person can click" });
    if (d.store.challengePassedSince(s.id, nowMs - d.cfg.challenge.repeatWindowSeconds * 1000)) {
      out.push({ id: "rapidFireAfterChallenge", class: "automation", value: rate, reason: "the fast requests continued after a solved puzzle" });
    }
  }

  const stateChanging = r.method !== "GET" && r.method !== "HEAD";
  const f = assessFetchMetadata(r.fetch, { startedInBrowser: s.startedInBrowser, stateChanging, appOrigin: d.appOrigin });
  if (f.missing) out.push({ id: "fetchMetadataMissing", class: "automation", value: { ...r.fetch }, reason: "the request did not look like it came from a web browser" });
  if (f.crossSite) out.push({ id: "crossSite", class: "identity", value: { ...r.fetch }, reason: "the request was sent from another website" });

  const failures = d.store.failures(s.id, nowMs, d.cfg.failures.windowSeconds * 1000);
  if (failures >= d.cfg.failures.many) out.push({ id: "manyFailures", class: "identity", value: { failures }, reason: `${failures} confirmations failed in a row` });
  else if (failures >= d.cfg.failures.repeated) out.push({ id: "repeatedFailures", class: "identity", value: { failures }, reason: "several confirmations failed" });

  if (r.isPageView) d.store.markPageView(s.id, r.path, nowMs);
  return out;
}

export function assessOrdinary(s: SessionBinding, r: RiskRequest, d: RiskDeps, nowMs: number): Decision {
  return decide(collectSignals(s, r, d, nowMs), "ordinary", d.cfg);
}

/** A sensitive action: the ordinary signals plus "was the page that offers it viewed?". */
export function assessSensitive(ordinary: Decision, s: SessionBinding, action: { name: string; offeredBy: string }, d: RiskDeps, nowMs: number): Decision {
  const signals: Signal[] = ordinary.signals.map(({ weight: _w, ...rest }) => rest);
  if (!d.store.viewedSince(s.id, action.offeredBy, nowMs - d.cfg.navigationWindowSeconds * 1000)) {
    signals.push({ id: "navigationSkipped", class: "identity", value: { action: action.name, page: action.offeredBy }, reason: "the change was sent without opening the page that offers it" });
  }
  return decide(signals, "sensitive", d.cfg);
}
