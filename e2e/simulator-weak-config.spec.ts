// The hijack simulator can FAIL: run against SessionGuard with soft binding and burst detection
// switched off (RISK_CONFIG_JSON weights 0, test hooks off), `--strict` turns the unanswered
// replay from another address + browser and the unanswered burst into FAILs; against the default
// configuration the same checks PASS. Only the checks that weakening touches are run (--only), so
// each run costs two sign-ins. Own servers on 3591 (weak) and 3592 (default), own SQLite files.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "./support/fixtures";
import { REPO_ROOT } from "./support/env";
import { strongPassword, uniqueEmail } from "./support/users";
import { createUser, startOwnServer, type OwnServer } from "./support/own-server";
import type { Report } from "../tools/attack/types";

const WEAK_PORT = 3591;
const DEFAULT_PORT = 3592;
const CHECKS = ["foreign-replay", "xff-spoofing", "rapid-fire"];
/** Every identity/binding signal and the burst signals weigh nothing: the engine never reacts. */
const WEAK_RISK = JSON.stringify({
  weights: { ipSamePrefix: 0, ipNewPrefix: 0, uaVersionChange: 0, uaChanged: 0, hintsDisagree: 0, fetchMetadataMissing: 0, impossibleTravel: 0, countryChanged: 0, rapidFire: 0, rapidFireAfterChallenge: 0 },
});

let dir: string;
test.describe.configure({ mode: "serial" });
test.beforeAll(() => void (dir = mkdtempSync(path.join(os.tmpdir(), "sg-weak-"))));
test.afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

/** Starts a server with `extra`, makes a user, runs the simulator on it; returns exit code and report. */
async function simulate(port: number, extra: Record<string, string>): Promise<{ code: number | null; report: Report; output: string }> {
  const server: OwnServer = await startOwnServer(port, `file:${path.join(dir, `${port}.db`)}`, 120_000, extra);
  try {
    const user = await createUser(server.env, uniqueEmail(`sim-${port}`), strongPassword());
    const out = path.join(dir, `report-${port}.json`);
    const args = ["tools/attack/cli.ts", "--url", server.url, "--email", user.email, "--password", user.password, "--totp-secret", user.totpSecret, "--strict", "--only", CHECKS.join(","), "--json", out];
    const child = spawn(path.join(REPO_ROOT, "node_modules", ".bin", "tsx"), args, { cwd: REPO_ROOT, env: { ...process.env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    clearTimeout(timer);
    let report: Report;
    try { report = JSON.parse(readFileSync(out, "utf8")) as Report; } catch { throw new Error(`no report (exit ${code}):\n${output}\n--- server log:\n${server.log()}`); }
    return { code, report, output };
  } finally {
    await server.stop();
  }
}

const statuses = (r: Report) => Object.fromEntries(r.results.map((x) => [x.id, x.status]));

test("weak config: replay from another address and the burst FAIL under --strict (exit 1)", async () => {
  test.setTimeout(300_000);
  const { code, report, output } = await simulate(WEAK_PORT, { SG_TEST_HOOKS: "false", RISK_CONFIG_JSON: WEAK_RISK, RISK_CONFIG_FILE: "" });
  expect(statuses(report), output).toEqual({ "foreign-replay": "FAIL", "xff-spoofing": "PASS", "rapid-fire": "FAIL" });
  // The replayed cookie simply worked from 127.0.0.2 with another browser.
  expect(report.results.find((x) => x.id === "foreign-replay")?.evidence).toMatch(/from 127\.0\.0\.2 with another UA: GET me → 200/);
  expect(code).toBe(1);
});

test("default config: the same checks PASS (exit 0)", async () => {
  test.setTimeout(300_000);
  const { code, report, output } = await simulate(DEFAULT_PORT, { SG_TEST_HOOKS: "false", RISK_CONFIG_JSON: "", RISK_CONFIG_FILE: "" });
  expect(statuses(report), output).toEqual({ "foreign-replay": "PASS", "xff-spoofing": "PASS", "rapid-fire": "PASS" });
  expect(code).toBe(0);
});
