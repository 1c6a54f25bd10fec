// One behavioural contract for every RiskStore, run against memory (lib/risk/store.test.ts) and
// against PostgreSQL and Redis (tests/integration/risk-store-shared.test.ts). Only behaviour all
// three share is asserted here; the PostgreSQL minute estimate has its own test.
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import type { RiskStore } from "@/lib/risk/store";

const T = 1_800_000_000_000; // on a minute boundary
const W = 15 * 60 * 1000;

export function riskStoreContract(make: () => RiskStore): void {
  const id = () => `contract-${randomBytes(6).toString("hex")}`;

  it("counts requests per second and per minute, per session", async () => {
    const s = make();
    const [a, b] = [id(), id()];
    for (let i = 0; i < 12; i++) await s.observe(a, T + i * 10, { failureWindowMs: W });
    expect(await s.observe(a, T + 200, { failureWindowMs: W })).toMatchObject({ perSecond: 13, perMinute: 13 });
    expect(await s.observe(b, T + 200, { failureWindowMs: W })).toMatchObject({ perSecond: 1, perMinute: 1 });
    expect(await s.observe(a, T + 30_000, { failureWindowMs: W })).toMatchObject({ perSecond: 1, perMinute: 14 });
  });

  it("remembers page views per session and path", async () => {
    const s = make();
    const [a, b] = [id(), id()];
    await s.observe(a, T + 1000, { failureWindowMs: W, pageView: "/account" });
    expect(await s.viewedSince(a, "/account", T + 500)).toBe(true);
    expect(await s.viewedSince(a, "/account", T + 1500)).toBe(false);
    expect(await s.viewedSince(a, "/admin", T)).toBe(false);
    expect(await s.viewedSince(b, "/account", T)).toBe(false);
  });

  it("counts failures within the window and reports them on the next request", async () => {
    const s = make();
    const a = id();
    expect(await s.addFailure(a, T + 1000, W)).toBe(1);
    expect(await s.addFailure(a, T + 2000, W)).toBe(2);
    expect((await s.observe(a, T + 3000, { failureWindowMs: W })).failures).toBe(2);
    expect((await s.observe(a, T + 2000 + W + 1000, { failureWindowMs: W })).failures).toBe(0);
  });

  it("a solved puzzle is remembered and forgives the burst that caused it", async () => {
    const s = make();
    const a = id();
    for (let i = 0; i < 15; i++) await s.observe(a, T + i, { failureWindowMs: W });
    await s.markChallengePassed(a, T + 100);
    const o = await s.observe(a, T + 200, { failureWindowMs: W });
    expect(o.challengePassedAt).toBe(T + 100);
    expect(o.perSecond).toBe(1);
    expect(o.perMinute).toBe(1);
  });

  it("single-use keys are accepted once within their time to live", async () => {
    const s = make();
    const k = `once-${randomBytes(6).toString("hex")}`;
    const now = Date.now();
    expect(await s.once(k, now, 60_000)).toBe(true);
    expect(await s.once(k, now + 10, 60_000)).toBe(false);
    expect(await s.once(`${k}-other`, now + 10, 60_000)).toBe(true);
  });

  it("reset forgets a session", async () => {
    const s = make();
    const a = id();
    await s.observe(a, T, { failureWindowMs: W, pageView: "/account" });
    await s.reset(a);
    expect(await s.viewedSince(a, "/account", 0)).toBe(false);
    expect((await s.observe(a, T + 10, { failureWindowMs: W })).perSecond).toBe(1);
  });
}
