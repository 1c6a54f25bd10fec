// `npm run seed:scale -- --users 100000 --sessions 1000000 [--db URL] [--batch 10000]`
// Bulk-inserts synthetic users and sessions (realistic spread of statuses and times, random
// 64-hex token hashes) into a migrated database, with progress output. For scale tests only:
// the users cannot sign in and the sessions' tokens are unknown. Refuses to run without an
// explicit --db or DATABASE_URL.
import { parseArgs } from "node:util";
import { migrate } from "../lib/db/migrator";
import { openWriter, seedScale } from "../bench/bulk";

const USAGE = "usage: npm run seed:scale -- --users N --sessions M [--db URL] [--batch ROWS]";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { users: { type: "string" }, sessions: { type: "string" }, db: { type: "string" }, batch: { type: "string", default: "10000" } },
    strict: true,
  });
  const users = Number(values.users);
  const sessions = Number(values.sessions ?? 0);
  const batch = Number(values.batch);
  const url = values.db ?? process.env.DATABASE_URL;
  if (!Number.isInteger(users) || users < 1 || users > 10_000_000 || !Number.isInteger(sessions) || sessions < 0 || sessions > 50_000_000 || !Number.isInteger(batch) || batch < 1) {
    console.error(USAGE);
    return 2;
  }
  if (!url) {
    console.error(`${USAGE}\n(no --db and no DATABASE_URL: refusing to guess which database to fill)`);
    return 2;
  }
  await migrate(url);
  const w = await openWriter(url);
  const t0 = Date.now();
  let last = 0;
  try {
    await seedScale(w, {
      users, sessions, batch,
      onProgress: (what, done, total) => {
        if (done === total || Date.now() - last > 2000) {
          last = Date.now();
          const s = (Date.now() - t0) / 1000;
          console.log(`${what}: ${done.toLocaleString("en")} / ${total.toLocaleString("en")} (${s.toFixed(1)} s)`);
        }
      },
    });
    console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${(await w.count("User")).toLocaleString("en")} users, ${(await w.count("Session")).toLocaleString("en")} sessions in the database`);
  } finally {
    await w.close();
  }
  return 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error("seed:scale failed:", err instanceof Error ? err.message : err);
  process.exit(1);
});
