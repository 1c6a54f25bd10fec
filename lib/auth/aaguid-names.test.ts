import { describe, expect, it } from "vitest";
import { aaguidName } from "./aaguid-names";

describe("aaguidName", () => {
  it("names known providers, case-insensitively, and nothing else", () => {
    expect(aaguidName("FBFC3007-154E-4ECC-8C0B-6E020557D7BD")).toBe("iCloud Keychain");
    expect(aaguidName("00000000-0000-0000-0000-000000000000")).toBeNull();
    expect(aaguidName("not an aaguid")).toBeNull();
  });
});
