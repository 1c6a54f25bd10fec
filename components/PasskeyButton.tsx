"use client";
// "Use your passkey": fetches request options (a challenge bound to the pending sign-in or the
// session), runs the browser ceremony, and posts the assertion as one JSON string field.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { startAuthentication } from "@simplewebauthn/browser";
import { Alert, Button } from "@/components/ui";

export type PasskeyStartState = { options?: string; error?: string; restart?: boolean };
export type PasskeyFinishState = { next?: string; error?: string; restart?: boolean; suspended?: boolean };

export function PasskeyButton({
  start,
  finish,
  hidden = {},
  label,
  cancelHint = "Try again, or use a code below.",
}: {
  start: (form: FormData) => Promise<PasskeyStartState>;
  finish: (form: FormData) => Promise<PasskeyFinishState>;
  hidden?: Record<string, string>;
  label: string;
  cancelHint?: string;
}) {
  const [state, setState] = useState<{ error?: string; restart?: boolean }>({});
  const [busy, setBusy] = useState(false);
  const router = useRouter();

  async function run() {
    setBusy(true);
    setState({});
    try {
      const fields = () => {
        const fd = new FormData();
        for (const [k, v] of Object.entries(hidden)) fd.set(k, v);
        return fd;
      };
      const s = await start(fields());
      if (!s.options) return setState(s);
      let response: string;
      try {
        response = JSON.stringify(await startAuthentication({ optionsJSON: JSON.parse(s.options) }));
      } catch (err) {
        return setState({ error: `No passkey was used (${(err as Error).name}). ${cancelHint}` });
      }
      const fd = fields();
      fd.set("response", response);
      const f = await finish(fd);
      if (f.next) return router.replace(f.next);
      if (f.suspended) return router.replace("/auth/ended?reason=suspended");
      setState(f);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="mb-6" data-testid="passkey-option">
      {state.error && <Alert>{state.error}{state.restart && <> <a className="underline" href="/sign-in">Start again</a></>}</Alert>}
      <Button type="button" pending={busy} onClick={run}>{busy ? "Waiting for your passkey…" : label}</Button>
    </div>
  );
}
