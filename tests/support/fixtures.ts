// Builds real users and sessions through the library's own functions.
import { createUser } from "@/lib/auth/users";
import { enrollmentSecret } from "@/lib/auth/totp-credential";
import { db } from "@/lib/db/client";
import { base32Decode, totpAt } from "@/lib/auth/totp";
import type { RequestMeta } from "@/lib/session/store";

export const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
export const meta = (ip = "203.0.113.10", userAgent = CHROME): RequestMeta => ({ ip, userAgent });

let n = 0;
export async function makeUser(opts: { role?: "user" | "admin"; enrolled?: boolean } = {}) {
  const email = `user${++n}-${Date.now()}@example.test`;
  const password = "correct horse battery staple";
  const created = await createUser({ email, password, role: opts.role, mailboxProven: true });
  if (!created.ok) throw new Error(created.message);
  const enrolled = await enrollmentSecret(created.userId, email, null);
  if (!enrolled) throw new Error("no enrolment secret");
  if (opts.enrolled !== false) await db().totpCredential.update({ where: { userId: created.userId }, data: { confirmedAt: new Date() } });
  const code = (atSeconds = Math.floor(Date.now() / 1000)) => totpAt(base32Decode(enrolled.secret), atSeconds);
  return { userId: created.userId, email, password, secret: enrolled.secret, code };
}
