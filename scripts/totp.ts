// `npm run totp -- <BASE32 SECRET>` prints the current code: for demos without a phone.
// Plain tsx, no server modules: otpauth (RFC 6238, the parameters lib/auth/totp.ts uses).
import { Secret, TOTP } from "otpauth";

const USAGE = "usage: npm run totp -- <base32 secret>   (the secret `npm run setup` or `npm run user -- create` printed)";

const arg = process.argv[2];
if (!arg || arg === "--help" || arg === "-h") {
  (arg ? console.log : console.error)(USAGE);
  process.exit(arg ? 0 : 2);
}
const clean = arg.replace(/\s+/g, "").toUpperCase().replace(/=+$/, "");
if (!/^[A-Z2-7]{16,}$/.test(clean)) {
  console.error(`not a base32 TOTP secret (letters A-Z and digits 2-7, at least 16): ${arg.length > 64 ? `${arg.slice(0, 64)}…` : arg}\n${USAGE}`);
  process.exit(2);
}
console.log(new TOTP({ secret: Secret.fromBase32(clean), algorithm: "SHA1", digits: 6, period: 30 }).generate());
