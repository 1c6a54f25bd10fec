import { describe, expect, it } from "vitest";
import { actionBodyProblem, mayBeActionPost } from "./action-body";

const b = (s: string) => Buffer.from(s);

describe("mayBeActionPost", () => {
  it("is any POST with Next-Action, any multipart POST, or a POST to a page", () => {
    expect(mayBeActionPost("POST", "/api/nothing-here", { "content-type": "multipart/form-data" })).toBe(true);
    expect(mayBeActionPost("POST", "/api/me", { "next-action": "x" })).toBe(true);
    expect(mayBeActionPost("POST", "/account", {})).toBe(true);
    expect(mayBeActionPost("POST", "/api/auth/callback/credentials", {})).toBe(false);
    expect(mayBeActionPost("GET", "/account", { "next-action": "x" })).toBe(false);
  });
});

describe("actionBodyProblem", () => {
  it("accepts what React's client sends", async () => {
    expect(await actionBodyProblem("text/plain;charset=UTF-8", b('[{},"$K1"]'), true)).toBeNull();
    const boundary = "----x";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="0"\r\n\r\n[{},"$K1"]\r\n--${boundary}--\r\n`;
    expect(await actionBodyProblem(`multipart/form-data; boundary=${boundary}`, b(body), true)).toBeNull();
  });

  it("refuses what Next's decoder would throw on", async () => {
    expect((await actionBodyProblem("text/plain", b('[{"a":'), true))?.status).toBe(400);
    expect((await actionBodyProblem("text/plain", b('{"a":1}'), true))?.status).toBe(400);
    expect((await actionBodyProblem("multipart/form-data", b("xx"), true))?.status).toBe(400);
    expect((await actionBodyProblem("multipart/form-data; boundary=zz", b("--zz\r\nbroken"), false))?.status).toBe(400);
    expect((await actionBodyProblem("application/json", b("[]"), true))?.status).toBe(415);
  });

  it("leaves other form posts to pages alone", async () => {
    expect(await actionBodyProblem("application/x-www-form-urlencoded", b("a=%%"), false)).toBeNull();
  });
});
