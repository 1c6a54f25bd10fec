// A software WebAuthn authenticator for integration tests (ES256, "none" attestation). The CBOR
// and COSE encoding is the library's (isoCBOR), not ours; this only lays out the bytes the spec
// describes (authenticator data: rpIdHash | flags | counter | attested credential data).
import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

type Bytes = Uint8Array<ArrayBuffer>;
type Cbor = Parameters<typeof isoCBOR.encode>[0];
const sha256 = (b: Uint8Array | string): Bytes => new Uint8Array(createHash("sha256").update(b).digest());
const concat = (...parts: Uint8Array[]): Bytes => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};
const u32 = (n: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n); return b; };
const b64 = (b: Uint8Array) => isoBase64URL.fromBuffer(new Uint8Array(b));

export interface ClientOverrides { origin?: string; rpId?: string; type?: string; uv?: boolean; counter?: number; userHandle?: string }

export class SoftAuthenticator {
  readonly credentialId = new Uint8Array(randomBytes(32));
  private readonly privateKey: KeyObject;
  private readonly cosePublicKey: Uint8Array;
  counter = 0;

  constructor(readonly origin = "http://localhost:3000", readonly rpId = "localhost") {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: "jwk" });
    const coseKey = new Map<number, Cbor>([
      [1, 2], [3, -7], [-1, 1],
      [-2, isoBase64URL.toBuffer(jwk.x ?? "")],
      [-3, isoBase64URL.toBuffer(jwk.y ?? "")],
    ]);
    this.cosePublicKey = isoCBOR.encode(coseKey);
  }

  get id(): string { return b64(this.credentialId); }

  private clientData(type: string, challenge: string, o: ClientOverrides): Uint8Array {
    return new TextEncoder().encode(JSON.stringify({ type: o.type ?? type, challenge, origin: o.origin ?? this.origin, crossOrigin: false }));
  }

  private flags(o: ClientOverrides, attested: boolean): Uint8Array {
    return new Uint8Array([0x01 | (o.uv === false ? 0 : 0x04) | (attested ? 0x40 : 0)]);
  }

  /** navigator.credentials.create() → RegistrationResponseJSON, as a JSON string. */
  register(challenge: string, o: ClientOverrides = {}): string {
    const clientDataJSON = this.clientData("webauthn.create", challenge, o);
    const idLen = new Uint8Array([this.credentialId.length >> 8, this.credentialId.length & 0xff]);
    const authData = concat(sha256(o.rpId ?? this.rpId), this.flags(o, true), u32(o.counter ?? this.counter), new Uint8Array(16), idLen, this.credentialId, this.cosePublicKey);
    const attestationObject = isoCBOR.encode(new Map<string, Cbor>([["fmt", "none"], ["attStmt", new Map<string, Cbor>()], ["authData", authData]]));
    return JSON.stringify({
      id: this.id, rawId: this.id, type: "public-key", clientExtensionResults: {}, authenticatorAttachment: "platform",
      response: { clientDataJSON: b64(clientDataJSON), attestationObject: b64(attestationObject), transports: ["internal"] },
    });
  }

  /** navigator.credentials.get() → AuthenticationResponseJSON, as a JSON string. */
  assert(challenge: string, o: ClientOverrides = {}): string {
    if (o.counter === undefined) this.counter += 1;
    const clientDataJSON = this.clientData("webauthn.get", challenge, o);
    const authData = concat(sha256(o.rpId ?? this.rpId), this.flags(o, false), u32(o.counter ?? this.counter));
    const signature = createSign("sha256").update(concat(authData, sha256(clientDataJSON))).sign(this.privateKey);
    return JSON.stringify({
      id: this.id, rawId: this.id, type: "public-key", clientExtensionResults: {}, authenticatorAttachment: "platform",
      response: { clientDataJSON: b64(clientDataJSON), authenticatorData: b64(authData), signature: b64(new Uint8Array(signature)), ...(o.userHandle ? { userHandle: isoBase64URL.fromUTF8String(o.userHandle) } : {}) },
    });
  }
}
