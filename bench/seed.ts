// Seeds one user and one fresh session through the library's own functions and prints
// {"token","userId","sessionId","email","lastSeenAt"} on stdout. Run by bench/run.ts as
// `tsx --conditions=react-server bench/seed.ts` with DATABASE_URL etc. in the environment
// (the database must be migrated already).
import { BENCH_IP, BENCH_UA } from "./constants";

async function main(): Promise<void> {
  const { createUser } = await import("../lib/auth/users");
  const { createSession } = await import("../lib/session/store");
  const { db } = await import("../lib/db/client");
  const email = `bench-${Date.now()}@example.test`;
  const created = await createUser({ email, password: "bench-only password 2026 (not secret)" });
  if (!created.ok) throw new Error(created.message);
  const issued = await createSession({ userId: created.userId, role: "user", mfaMethod: "totp", meta: { ip: BENCH_IP, userAgent: BENCH_UA } });
  const row = await db().session.findUniqueOrThrow({ where: { id: issued.sessionId }, select: { lastSeenAt: true } });
  await db().$disconnect();
  process.stdout.write(JSON.stringify({ token: issued.token, userId: created.userId, sessionId: issued.sessionId, email, lastSeenAt: row.lastSeenAt.toISOString() }) + "\n");
}

main().catch((err: unknown) => {
  console.error("[seed] failed:", err instanceof Error ? err.stack : err);
  process.exit(1);
});
