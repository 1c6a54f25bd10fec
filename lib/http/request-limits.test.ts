import { describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import { HEADER_LIMITS, MAX_COOKIES, MAX_COOKIE_HEADER_BYTES, countBodyBytes, declaredBodyViolation, headerViolation, holdBody } from "./request-limits";

describe("headerViolation", () => {
  it("accepts a real browser's headers", () => {
    expect(headerViolation({
      "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      "sec-ch-ua": '"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
      "sec-fetch-site": "same-origin", cookie: "a=1; b=2",
    })).toBeNull();
  });

  it("refuses each parsed header one byte over its limit, and not at the limit", () => {
    for (const [name, max] of Object.entries(HEADER_LIMITS)) {
      expect(headerViolation({ [name]: "a".repeat(max) }), name).toBeNull();
      expect(headerViolation({ [name]: "a".repeat(max + 1) }), name).toEqual({ status: 431, message: expect.stringContaining(name) as string });
    }
  });

  it("counts bytes, not characters", () => {
    expect(headerViolation({ "user-agent": "é".repeat(HEADER_LIMITS["user-agent"] / 2 + 1) })?.status).toBe(431);
  });

  it("caps the number of cookies and their total size", () => {
    const cookies = (n: number) => Array.from({ length: n }, (_, i) => `c${i}=1`).join("; ");
    expect(headerViolation({ cookie: cookies(MAX_COOKIES) })).toBeNull();
    expect(headerViolation({ cookie: cookies(MAX_COOKIES + 1) })?.message).toMatch(/More than 50 cookies/);
    expect(headerViolation({ cookie: `a=${"x".repeat(MAX_COOKIE_HEADER_BYTES)}` })?.message).toMatch(/larger than/);
  });
});

describe("declaredBodyViolation", () => {
  it("413 only above 64 KiB", () => {
    expect(declaredBodyViolation({ "content-length": String(64 * 1024) })).toBeNull();
    expect(declaredBodyViolation({ "content-length": String(64 * 1024 + 1) })).toBe(413);
    expect(declaredBodyViolation({})).toBeNull();
  });
});

function stream(): Readable {
  return new Readable({ read() {} });
}

describe("countBodyBytes", () => {
  it("passes a body under the limit through and stops one over it", async () => {
    const ok = stream();
    let exceeded = 0;
    countBodyBytes(ok, 10, () => exceeded++);
    ok.push(Buffer.from("hello"));
    ok.push(Buffer.from("world"));
    ok.push(null);
    expect(Buffer.concat(await ok.toArray()).toString()).toBe("helloworld");
    expect(exceeded).toBe(0);

    const big = stream();
    countBodyBytes(big, 10, () => exceeded++);
    big.push(Buffer.from("hello"));
    big.push(Buffer.from("world!"));
    big.push(Buffer.from("more"));
    expect(exceeded).toBe(1);
    expect(big.readableLength).toBe(5);
  });
});

describe("holdBody", () => {
  it("gives the whole body to the check before any reader sees it, then releases it unchanged", async () => {
    const s = stream();
    let held: Buffer | undefined;
    let release: (() => void) | undefined;
    holdBody(s, 100, () => { throw new Error("not exceeded"); }, (body, r) => { held = body; release = r; });
    s.push(Buffer.from("a=1&"));
    s.push(Buffer.from("b=2"));
    expect(s.readableLength).toBe(0);
    s.push(null);
    expect(held?.toString()).toBe("a=1&b=2");
    release?.();
    expect(Buffer.concat(await s.toArray()).toString()).toBe("a=1&b=2");
  });

  it("calls onExceeded once past the limit and keeps nothing", () => {
    const s = stream();
    let exceeded = 0;
    let completed = 0;
    holdBody(s, 4, () => exceeded++, () => completed++);
    s.push(Buffer.from("abc"));
    s.push(Buffer.from("def"));
    s.push(Buffer.from("ghi"));
    s.push(null);
    expect([exceeded, completed, s.readableLength]).toEqual([1, 0, 0]);
  });
});
