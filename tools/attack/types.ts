// Shared types of the hijack simulator. Checks are pure functions from observations to results.
export type Status = "PASS" | "FAIL" | "WARN";

export interface CheckResult {
  /** Stable id, e.g. "cookie-attributes". */
  id: string;
  /** Human name printed in the report card. */
  name: string;
  status: Status;
  /** What was observed: status codes, header values, counts. Never a full token. */
  evidence: string;
  /** What to change when the check did not pass ("" on PASS). */
  fix: string;
}

export interface RunOptions {
  /** Fail (instead of warn) when a check depends on a risk engine that did not react. */
  strict: boolean;
}

export interface Report {
  tool: "sessionguard-hijack-simulator";
  version: 1;
  target: string;
  adapter: string;
  startedAt: string;
  finishedAt: string;
  strict: boolean;
  results: CheckResult[];
  summary: { pass: number; fail: number; warn: number };
  notes: string[];
}
