// The trace suite against the engine with the in-memory store (one instance), printed as a table.
// The same traces run with the shared stores in tests/integration/risk-store-shared.test.ts.
import { afterAll, describe, expect, it } from "vitest";
import { MemoryRiskStore } from "./store";
import { TRACES, runTrace, traceTable, type Outcome } from "@/tests/support/risk-traces";

process.env.AUTH_SECRET ??= "unit-test-only-secret-abcdefghijklmnop";
process.env.TOTP_ENCRYPTION_KEY ??= "8f3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a";

const rows: Outcome[] = [];

describe("risk traces (engine)", () => {
  for (const t of TRACES) {
    it(`${t.kind}: ${t.name}`, async () => {
      const o = await runTrace(t, new MemoryRiskStore());
      rows.push(o);
      if (t.kind === "attack") {
        expect(o.firstResponse, "the attack was stopped").not.toBe("none");
        expect(o.sensitiveSucceeded, "no sensitive action succeeded").toBe(false);
      } else {
        expect(o.suspended, "a legitimate trace is never suspended").toBe(false);
        expect(o.sensitiveSucceeded, "the user completed the sensitive action").toBe(true);
        expect(o.stepUps, "step-ups only where the policy says so").toBe(t.expectStepUps ?? 0);
      }
    });
  }
});

afterAll(() => {
  console.log(traceTable(rows, "engine, in-memory counters"));
});
