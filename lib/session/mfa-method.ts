// How a session's last second factor was proved, in words (devices page, account page).
export function mfaMethodPhrase(method: string): string {
  if (method === "passkey") return "a passkey";
  if (method === "recovery") return "a recovery code";
  return "an authenticator code";
}

export function mfaMethodLabel(method: string): string {
  if (method === "passkey") return "Passkey";
  if (method === "recovery") return "Recovery code";
  return "Authenticator app";
}
