import { describe, expect, it } from "vitest";
import { MemoryRiskStore, MAX_PAGES } from "./store";
import { riskStoreContract } from "@/tests/support/risk-store-contract";

describe("MemoryRiskStore", () => {
  riskStoreContract(() => new MemoryRiskStore());

  it("slides the minute second by second", async () => {
    const s = new MemoryRiskStore();
    const t = 1_000_000_000_000;
    const o = { failureWindowMs: 60_000 };
    for (let i = 0; i < 13; i++) await s.observe("a", t + i * 10, o);
    expect((await s.observe("a", t + 30_000, o)).perMinute).toBe(14);
    expect((await s.observe("a", t + 61_000, o)).perMinute).toBe(2); // the first second left the window
  });

  it("keeps at most MAX_PAGES paths per session, dropping the oldest", async () => {
    const s = new MemoryRiskStore();
    for (let i = 0; i <= MAX_PAGES; i++) await s.observe("a", 1000 + i, { failureWindowMs: 1, pageView: `/p${i}` });
    expect(await s.viewedSince("a", "/p0", 0)).toBe(false);
    expect(await s.viewedSince("a", `/p${MAX_PAGES}`, 0)).toBe(true);
  });
});
