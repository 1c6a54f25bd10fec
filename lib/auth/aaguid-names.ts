// Display names for a few well-known passkey providers' AAGUIDs (the authenticator model id an
// authenticator reports at enrolment). Attestation is "none" (ADR 0016), so this is a label the
// authenticator claims, not a verified fact; unknown or all-zero AAGUIDs get no name.
const NAMES: Record<string, string> = {
  "fbfc3007-154e-4ecc-8c0b-6e020557d7bd": "iCloud Keychain",
  "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4": "Google Password Manager",
  "adce0002-35bc-c60a-648b-0b25f1f05503": "Chrome on Mac",
  "08987058-cadc-4b81-b6e1-30de50dcbe96": "Windows Hello",
  "bada5566-a7aa-401f-bd96-45619a55120d": "1Password",
  "d548826e-79b4-db40-a3d8-11116f7e8349": "Bitwarden",
};

export function aaguidName(aaguid: string): string | null {
  return NAMES[aaguid.toLowerCase()] ?? null;
}
