"use client";
// Step 1: next-auth's Credentials provider checks the password (with its CSRF token) and sets
// the short-lived pending cookie; step 2 happens on /sign-in/mfa.
import { signIn } from "next-auth/react";
import { solveChallenge } from "altcha-lib/v1";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { requestSignInPuzzle } from "./actions";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert, Button, Field } from "@/components/ui";

export function SignInForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  /** Solves the account's sign-in puzzle in the browser; the base64 answer, or "" if none. */
  async function solvePuzzle(email: string): Promise<string> {
    const c = await requestSignInPuzzle(email);
    if (!c) return "";
    const s = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
    if (!s) return "";
    return btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: s.number, salt: c.salt, signature: c.signature }));
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    try {
      const email = String(form.get("email") ?? "");
      const password = String(form.get("password") ?? "");
      let res = await signIn("credentials", { email, password, redirect: false });
      if (res?.error === AUTH_ERRORS.puzzle_required) {
        setNote(AUTH_ERRORS.puzzle_required);
        res = await signIn("credentials", { email, password, pow: await solvePuzzle(email), redirect: false });
        setNote(null);
      }
      if (!res || res.error) {
        setError(res?.error && res.error !== "CredentialsSignin" ? res.error : "Invalid email or password.");
        setPending(false);
        return;
      }
      router.push("/sign-in/mfa");
    } catch {
      setError("The service is temporarily unavailable. Try again shortly.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      {error && <Alert>{error}</Alert>}
      {note && <p role="status" aria-live="polite" data-testid="sign-in-puzzle" className="mb-3 text-sm text-slate-600">{note}</p>}
      <Field label="Email" id="email" type="email" autoComplete="username" required maxLength={254} />
      <Field label="Password" id="password" type="password" autoComplete="current-password" required maxLength={1024} />
      <Button type="submit" pending={pending}>{pending ? "Checking…" : "Continue"}</Button>
    </form>
  );
}
