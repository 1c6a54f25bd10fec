"use client";
// Solves the proof-of-work in the browser (Web Crypto), then submits the answer.
import { useEffect, useState } from "react";
import { solveChallenge } from "altcha-lib/v1";
import { submitPowSolution } from "./actions";

interface Challenge { algorithm: string; challenge: string; salt: string; signature: string; maxnumber: number }

export function PowSolver({ challenge, next }: { challenge: Challenge; next: string }) {
  const [status, setStatus] = useState("Solving…");
  useEffect(() => {
    const { promise, controller } = solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber);
    promise.then(async (solution) => {
      if (!solution) return setStatus("Could not solve the puzzle. Reload the page to try again.");
      setStatus("Verifying…");
      const payload = btoa(JSON.stringify({ algorithm: challenge.algorithm, challenge: challenge.challenge, number: solution.number, salt: challenge.salt, signature: challenge.signature }));
      const form = new FormData();
      form.set("payload", payload);
      form.set("next", next);
      const r = await submitPowSolution(form);
      if (r?.error) setStatus(r.error);
    }, () => setStatus("Could not solve the puzzle. Reload the page to try again."));
    return () => controller.abort();
  }, [challenge, next]);
  return <p role="status" aria-live="polite" data-testid="challenge-status" className="text-sm font-medium">{status}</p>;
}
