// Operator CLI: `npm run user -- <command> ...`. The only way to make an admin.
//   create --email E --password P [--admin]   create a user with TOTP set up; prints the secret once
//   lock --email E [--reason TEXT]            lock the account and end all its sessions
//   unlock --email E
//   promote --email E | demote --email E      change role (ends the user's sessions)
//   revoke-sessions --email E [--reason TEXT] end every session as an administrator; the user is alerted
import { parseArgs } from "node:util";
import nextEnv from "@next/env";

const { loadEnvConfig } = nextEnv;

loadEnvConfig(process.cwd());

const USAGE = `usage: npm run user -- create --email E --password P [--admin]
       npm run user -- lock --email E [--reason TEXT]
       npm run user -- unlock --email E
       npm run user -- promote --email E
       npm run user -- demote --email E
       npm run user -- revoke-sessions --email E [--reason TEXT]`;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return 0;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { email: { type: "string" }, password: { type: "string" }, admin: { type: "boolean", default: false }, reason: { type: "string" }, json: { type: "boolean", default: false } },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!command || !values.email) {
    console.error(USAGE);
    return 2;
  }
  // Imported after the env is loaded: the config module validates it on first use.
  const { migrate } = await import("../lib/db/migrator");
  const { config } = await import("../lib/config");
  await migrate(config().DATABASE_URL);
  const { db } = await import("../lib/db/client");
  const users = await import("../lib/auth/users");
  const email = users.normalizeEmail(values.email);

  if (command === "create") {
    if (!values.password) {
      console.error(USAGE);
      return 2;
    }
    const created = await users.createUser({ email, password: values.password, role: values.admin ? "admin" : "user", mailboxProven: true });
    if (!created.ok) {
      console.error(`error: ${created.message}`);
      return 1;
    }
    const { enrollmentSecret } = await import("../lib/auth/totp-credential");
    const { issueRecoveryCodes } = await import("../lib/auth/recovery");
    const enrolled = await enrollmentSecret(created.userId, email, null);
    if (!enrolled) throw new Error("unexpected: new user already has a confirmed TOTP credential");
    // The operator hands the secret over out of band; there is no code to prove possession yet.
    await db().totpCredential.update({ where: { userId: created.userId }, data: { confirmedAt: new Date() } });
    const recoveryCodes = await issueRecoveryCodes(created.userId);
    const out = { email, role: values.admin ? "admin" : "user", totpSecret: enrolled.secret, otpauthUri: enrolled.uri, recoveryCodes };
    if (values.json) console.log(JSON.stringify(out));
    else console.log(`created ${out.role} ${email}\n  TOTP secret: ${out.totpSecret}\n  otpauth URI: ${out.otpauthUri}\n  recovery codes: ${recoveryCodes.join(" ")}\n(shown once; store them now)`);
    return 0;
  }

  const user = await db().user.findUnique({ where: { email }, select: { id: true } });
  if (!user) {
    console.error(`error: no user with email ${email}`);
    return 1;
  }
  if (command === "lock" || command === "unlock") {
    const ended = await users.setLocked(user.id, command === "lock", values.reason ?? "locked by operator");
    console.log(`${command}ed ${email}${command === "lock" ? `; ${ended} session(s) ended` : ""}`);
    if (command === "unlock") return 0;
  }
  if (command === "lock" || command === "revoke-sessions") {
    // An administrator ended the user's sessions: tell them (in-app + email), whatever the reason.
    const { notifyUser } = await import("../lib/notify/alerts");
    const { mailIdle } = await import("../lib/notify/mail");
    if (command === "revoke-sessions") {
      const { endAllSessions } = await import("../lib/session/store");
      const ended = await endAllSessions(user.id, { by: "admin", reason: values.reason ?? "revoked by operator" });
      console.log(`ended ${ended} session(s) of ${email}`);
    }
    await notifyUser({ userId: user.id, kind: "revoked_by_admin", context: { browser: null, os: null, ip: "operator", place: null, at: new Date() } });
    await mailIdle();
    return 0;
  }
  if (command === "promote" || command === "demote") {
    const ended = await users.setRole(user.id, command === "promote" ? "admin" : "user");
    console.log(`${email} is now ${command === "promote" ? "admin" : "user"}; ${ended} session(s) ended`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
