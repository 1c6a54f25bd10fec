// `npm run sessions:purge [-- --dry-run] [--session-retention-days N] [--event-retention-days N]
//   [--batch N] [--max-batches N]`
// Deletes, in batches of 1,000 rows, sessions ended (or silently expired) more than the session
// retention ago (default 30 days), pending sign-ins expired more than a day ago, expired
// rate-limit counters and security events older than the event retention (default 180 days).
// Never deletes a session that is still usable. Safe to run from cron; exit 3 means the run was
// bounded before the backlog was gone (run it again).
import { parseArgs } from "node:util";
import nextEnv from "@next/env";

const { loadEnvConfig } = nextEnv;
loadEnvConfig(process.cwd());

const USAGE = "usage: npm run sessions:purge -- [--dry-run] [--session-retention-days N] [--event-retention-days N] [--batch N] [--max-batches N]";

async function main(): Promise<number> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        "dry-run": { type: "boolean", default: false },
        "session-retention-days": { type: "string" },
        "event-retention-days": { type: "string" },
        batch: { type: "string" },
        "max-batches": { type: "string" },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const optNum = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  // Imported after the env is loaded: the config module validates it on first use.
  const { config } = await import("../lib/config");
  const { migrate } = await import("../lib/db/migrator");
  const { db } = await import("../lib/db/client");
  const purge = await import("../lib/session/purge");
  const cfg = config();
  await migrate(cfg.DATABASE_URL);
  const t0 = Date.now();
  try {
    const r = await purge.purgeExpired({
      dryRun: values["dry-run"],
      // Flags first, then the config (SESSION_RETENTION_DAYS / EVENT_RETENTION_DAYS once
      // lib/config.ts defines them), then the defaults in lib/session/purge.ts.
      sessionRetentionDays: optNum(values["session-retention-days"]) ?? cfg.SESSION_RETENTION_DAYS,
      eventRetentionDays: optNum(values["event-retention-days"]) ?? cfg.EVENT_RETENTION_DAYS,
      batchSize: optNum(values.batch),
      maxBatches: optNum(values["max-batches"]),
    });
    const verb = values["dry-run"] ? `would delete (looked at one batch per table${r.complete ? "" : "; more remain"})` : "deleted";
    console.log(`${verb}: ${r.deleted.sessions} sessions (ended before ${r.cutoffs.sessions.toISOString()}), ` +
      `${r.deleted.pendingSignIns} pending sign-ins, ${r.deleted.rateLimits} rate-limit counters, ` +
      `${r.deleted.securityEvents} security events (before ${r.cutoffs.securityEvents.toISOString()}), ` +
      `${r.deleted.riskCounters + r.deleted.riskOnce} risk counters in ${Date.now() - t0} ms`);
    if (!r.complete && !values["dry-run"]) {
      console.log("stopped at the batch/time limit with rows left: run it again");
      return 3;
    }
    return 0;
  } catch (err) {
    if (err instanceof Error && /must be/.test(err.message)) {
      console.error(`${err.message}\n${USAGE}`);
      return 2;
    }
    throw err;
  } finally {
    await db().$disconnect();
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error("sessions:purge failed:", err instanceof Error ? err.message : err);
  process.exit(1);
});
