import { describe, expect, it } from "vitest";
import { hashChallenge, parseAuthenticationResponse, parseRegistrationResponse, relyingParty } from "./passkeys";

describe("relyingParty", () => {
  it("takes the RP id (host name) and origin (scheme, host, port) from APP_URL", () => {
    expect(relyingParty("http://localhost:3000")).toMatchObject({ rpID: "localhost", origin: "http://localhost:3000" });
    expect(relyingParty("https://shop.example.com/app/")).toMatchObject({ rpID: "shop.example.com", origin: "https://shop.example.com" });
    expect(relyingParty("https://Shop.Example.com:8443")).toMatchObject({ rpID: "shop.example.com", origin: "https://shop.example.com:8443" });
  });
});

describe("challenge hashing", () => {
  it("stores a SHA-256 hex digest, never the challenge", () => {
    const h = hashChallenge("abc");
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain("abc");
    expect(hashChallenge("abc")).toBe(h);
  });
});

describe("response parsing (before the library sees anything)", () => {
  const assertion = { id: "AAAA", rawId: "AAAA", type: "public-key", clientExtensionResults: {}, response: { clientDataJSON: "e30", authenticatorData: "AA", signature: "AA" } };
  it("accepts the browser's JSON shape and drops unknown extension outputs", () => {
    const parsed = parseAuthenticationResponse(JSON.stringify({ ...assertion, clientExtensionResults: { evil: 1 } }));
    expect(parsed?.clientExtensionResults).toEqual({});
  });
  it("refuses garbage, wrong types, non-base64url and oversized fields", () => {
    for (const text of ["", "{", "null", "1", "[]", "{}", JSON.stringify({ ...assertion, type: "password" }), JSON.stringify({ ...assertion, id: "a b" }),
      JSON.stringify({ ...assertion, response: { ...assertion.response, signature: "A".repeat(2000) } }), JSON.stringify({ ...assertion, response: { ...assertion.response, signature: 5 } })]) {
      expect(parseAuthenticationResponse(text), text.slice(0, 40)).toBeNull();
    }
    expect(parseRegistrationResponse(JSON.stringify(assertion))).toBeNull();
    expect(parseRegistrationResponse(JSON.stringify({ ...assertion, response: { clientDataJSON: "e30", attestationObject: "AA", transports: ["carrier-pigeon"] } }))).toBeNull();
  });
});
