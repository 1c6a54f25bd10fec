// `npm run totp -- <BASE32 SECRET>` prints the current code: for demos without a phone.
import { base32Decode, totpAt } from "../lib/auth/totp";

const secret = process.argv[2];
if (!secret) {
  console.error("usage: npm run totp -- <base32 secret>");
  process.exit(2);
}
console.log(totpAt(base32Decode(secret), Math.floor(Date.now() / 1000)));
