import { describe, expect, it } from "vitest";
import { MemoryRiskStore } from "./store";

describe("MemoryRiskStore", () => {
  it("counts requests per second and per sliding minute, per session", () => {
    const s = new MemoryRiskStore();
    const t = 1_000_000_000_000;
    for (let i = 0; i < 12; i++) s.hit("a", t + i * 10);
    expect(s.hit("a", t + 200)).toEqual({ perSecond: 13, perMinute: 13 });
    expect(s.hit("b", t + 200)).toEqual({ perSecond: 1, perMinute: 1 });
    expect(s.hit("a", t + 30_000).perMinute).toBe(14);
    expect(s.hit("a", t + 61_000).perMinute).toBe(2); // the first second left the window
  });

  it("remembers page views, failures, solved challenges and single-use keys", () => {
    const s = new MemoryRiskStore();
    s.markPageView("a", "/account", 1000);
    expect(s.viewedSince("a", "/account", 500)).toBe(true);
    expect(s.viewedSince("a", "/account", 1500)).toBe(false);
    expect(s.viewedSince("b", "/account", 0)).toBe(false);
    expect(s.addFailure("a", 1000, 60_000)).toBe(1);
    expect(s.addFailure("a", 2000, 60_000)).toBe(2);
    expect(s.failures("a", 70_000, 60_000)).toBe(0);
    expect(s.once("k", 0, 1000)).toBe(true);
    expect(s.once("k", 500, 1000)).toBe(false);
    expect(s.once("k", 2000, 1000)).toBe(true);
  });
});
