import { describe, it, expect } from "vitest";
import {
  TOTP_DIGITS,
  TOTP_PERIOD,
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  matchTotp,
  otpauthUri,
  timeStep,
  totpAt,
  type TotpAlgorithm,
} from "./totp";

const seeds: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from("12345678901234567890", "ascii"),
  sha256: Buffer.from("12345678901234567890123456789012", "ascii"),
  sha512: Buffer.from("1234567890".repeat(6) + "1234", "ascii"),
};

// RFC 6238 Appendix B: [time, SHA1, SHA256, SHA512]
const vectors: Array<[number, string, string, string]> = [
  [59, "94287082", "46119246", "90693936"],
  [1111111109, "07081804", "68084774", "25091201"],
  [1111111111, "14050471", "67062674", "99943326"],
  [1234567890, "89005924", "91819424", "93441116"],
  [2000000000, "69279037", "90698825", "38618901"],
  [20000000000, "65353130", "77737706", "47863826"],
];

describe("RFC 6238 Appendix B", () => {
  it("has correctly sized seeds", () => {
    expect(seeds.sha1).toHaveLength(20);
    expect(seeds.sha256).toHaveLength(32);
    expect(seeds.sha512).toHaveLength(64);
  });

  const cases = vectors.flatMap(([t, s1, s256, s512]) => [
    [t, "sha1", s1] as const,
    [t, "sha256", s256] as const,
    [t, "sha512", s512] as const,
  ]);
  it.each(cases)("t=%i %s -> %s", (t, alg, expected) => {
    expect(totpAt(seeds[alg], t, { digits: 8, algorithm: alg })).toBe(expected);
  });
});

describe("hotp", () => {
  // RFC 4226 Appendix D
  it.each([
    [0, "755224"],
    [1, "287082"],
    [9, "520489"],
  ])("counter %i -> %s", (c, expected) => {
    expect(hotp(seeds.sha1, c)).toBe(expected);
  });

  it("encodes counters beyond 32 bits (bigint and number agree)", () => {
    const big = 2 ** 33 + 5;
    expect(hotp(seeds.sha1, big)).toBe(hotp(seeds.sha1, BigInt(big)));
    expect(hotp(seeds.sha1, big)).not.toBe(hotp(seeds.sha1, 5));
    // t=20000000000 is step 666666666 (< 2^32) but the 8-byte layout must also hold above it.
    expect(hotp(seeds.sha1, 2 ** 53 - 1)).toMatch(/^[0-9]{6}$/);
  });

  it("rejects invalid counters", () => {
    expect(() => hotp(seeds.sha1, -1)).toThrow();
    expect(() => hotp(seeds.sha1, 1.5)).toThrow();
    expect(() => hotp(seeds.sha1, 1n << 64n)).toThrow();
    expect(() => hotp(seeds.sha1, 2 ** 53)).toThrow();
  });
});

describe("timeStep", () => {
  it("floors by the period", () => {
    expect(TOTP_PERIOD).toBe(30);
    expect(TOTP_DIGITS).toBe(6);
    expect(timeStep(59)).toBe(1);
    expect(timeStep(60)).toBe(2);
    expect(timeStep(59, 60)).toBe(0);
  });
});

describe("matchTotp", () => {
  const secretBase32 = base32Encode(seeds.sha1);
  const now = 1_700_000_000;
  const step = timeStep(now);
  const codeAt = (s: number) => hotp(seeds.sha1, s);

  it("accepts the current step and returns it", () => {
    expect(matchTotp(secretBase32, codeAt(step), now)).toBe(step);
  });

  it("accepts +/-1 step and returns the matched step", () => {
    expect(matchTotp(secretBase32, codeAt(step - 1), now)).toBe(step - 1);
    expect(matchTotp(secretBase32, codeAt(step + 1), now)).toBe(step + 1);
  });

  it("rejects +/-2 steps with the default window", () => {
    expect(matchTotp(secretBase32, codeAt(step - 2), now)).toBeNull();
    expect(matchTotp(secretBase32, codeAt(step + 2), now)).toBeNull();
    expect(matchTotp(secretBase32, codeAt(step + 2), now, 2)).toBe(step + 2);
  });

  it("window 0 only accepts the current step", () => {
    expect(matchTotp(secretBase32, codeAt(step - 1), now, 0)).toBeNull();
    expect(matchTotp(secretBase32, codeAt(step), now, 0)).toBe(step);
  });

  it("strips spaces in the code and accepts a lowercase/spaced secret", () => {
    const c = codeAt(step);
    expect(matchTotp(secretBase32, `${c.slice(0, 3)} ${c.slice(3)}`, now)).toBe(step);
    expect(matchTotp(secretBase32.toLowerCase().replace(/(.{4})/g, "$1 "), c, now)).toBe(step);
  });

  it.each(["", "12345", "1234567", "12345a", "abcdef", "１２３４５６", "12-456", "+12345", "123456\u0000"])(
    "rejects non-digit/wrong-length code %j",
    (code) => {
      expect(matchTotp(secretBase32, code, now)).toBeNull();
    },
  );

  it("rejects a code valid for none of the window's steps", () => {
    const valid = new Set([step - 1, step, step + 1].map(codeAt));
    let n = 0;
    while (valid.has(n.toString().padStart(6, "0"))) n++;
    expect(matchTotp(secretBase32, n.toString().padStart(6, "0"), now)).toBeNull();
  });
});

describe("base32", () => {
  it("matches RFC 4648 test vectors (without padding)", () => {
    const table: Array<[string, string]> = [
      ["", ""],
      ["f", "MY"],
      ["fo", "MZXQ"],
      ["foo", "MZXW6"],
      ["foob", "MZXW6YQ"],
      ["fooba", "MZXW6YTB"],
      ["foobar", "MZXW6YTBOI"],
    ];
    for (const [plain, enc] of table) {
      expect(base32Encode(Buffer.from(plain))).toBe(enc);
      expect(base32Decode(enc).toString()).toBe(plain);
    }
  });

  it("round trips random buffers", () => {
    for (let n = 0; n < 40; n++) {
      const buf = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff));
      expect(base32Decode(base32Encode(buf)).equals(buf)).toBe(true);
    }
  });

  it("is case-insensitive and ignores spaces and padding", () => {
    expect(base32Decode("mzxw 6ytb oi").toString()).toBe("foobar");
    expect(base32Decode("MZXW6YTBOI======").toString()).toBe("foobar");
  });

  it.each(["MZXW1", "MZXW8", "MZ!W6", "MZXW6YTBOÍ", "M"])("throws on invalid input %j", (s) => {
    expect(() => base32Decode(s)).toThrow();
  });
});

describe("generateTotpSecret", () => {
  it("produces distinct secrets that decode to 20 bytes", () => {
    const a = generateTotpSecret();
    const b = generateTotpSecret();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(a)).toHaveLength(20);
    expect(base32Decode(b)).toHaveLength(20);
  });
});

describe("otpauthUri", () => {
  it("builds a parseable URI with issuer prefix and matching params", () => {
    const secret = generateTotpSecret();
    const uri = otpauthUri({ secretBase32: secret, accountName: "alice+mfa@example.com" });
    const url = new URL(uri);
    expect(url.protocol).toBe("otpauth:");
    expect(url.host).toBe("totp");
    expect(decodeURIComponent(url.pathname)).toBe("/SessionGuard:alice+mfa@example.com");
    expect(uri).toContain("/SessionGuard:alice%2Bmfa%40example.com?");
    expect(url.searchParams.get("secret")).toBe(secret);
    expect(url.searchParams.get("issuer")).toBe("SessionGuard");
    expect(url.searchParams.get("algorithm")).toBe("SHA1");
    expect(url.searchParams.get("digits")).toBe("6");
    expect(url.searchParams.get("period")).toBe("30");
  });

  it("percent-encodes spaces and separators in the account name", () => {
    const uri = otpauthUri({ secretBase32: "JBSWY3DPEHPK3PXP", accountName: "Bob Smith:x?y" });
    expect(uri).toContain("/SessionGuard:Bob%20Smith%3Ax%3Fy?");
    expect(new URL(uri).searchParams.get("secret")).toBe("JBSWY3DPEHPK3PXP");
  });
});
