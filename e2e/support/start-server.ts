// webServer command for Playwright: starts the ALREADY-BUILT app (npx next build must have run)
// on the e2e port with a brand-new SQLite database. Migrations are applied by server.ts at start.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { E2E_DB_FILE, REPO_ROOT, e2eProcessEnv } from "./env";

for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(E2E_DB_FILE + suffix, { force: true });
mkdirSync(path.dirname(E2E_DB_FILE), { recursive: true });

const tsx = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");
const child = spawn(tsx, ["server.ts"], { cwd: REPO_ROOT, env: e2eProcessEnv(), stdio: "inherit" });

const forward = (signal: NodeJS.Signals) => () => {
  if (!child.killed) child.kill(signal);
};
process.on("SIGTERM", forward("SIGTERM"));
process.on("SIGINT", forward("SIGINT"));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
