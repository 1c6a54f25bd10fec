"use client";
// One admin action: a required reason, a submit button, the outcome announced.
import { useActionState, useId } from "react";
import type { AdminActionState } from "@/app/admin/actions";

/** `unavailable`: the action no longer applies (the form stays mounted so its outcome stays visible). */
export function ActionForm({ title, button, hidden, action, danger, help, unavailable }: {
  title: string; button: string; hidden: Record<string, string>; danger?: boolean; help?: string; unavailable?: string | false;
  action: (prev: AdminActionState, form: FormData) => Promise<AdminActionState>;
}) {
  const [state, formAction, pending] = useActionState<AdminActionState, FormData>(action, {});
  const id = useId();
  const cls = danger ? "bg-red-700 hover:bg-red-800" : "bg-slate-800 hover:bg-slate-900";
  return (
    <form action={formAction} className="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="mb-1 font-semibold">{title}</h3>
      {help && <p className="mb-2 text-sm text-slate-600">{help}</p>}
      {unavailable && <p className="mb-2 text-sm text-slate-700">{unavailable}</p>}
      {Object.entries(hidden).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      <label htmlFor={`${id}-reason`} className="mb-1 block text-sm font-medium text-slate-700">Reason (required, kept in the audit log)</label>
      <textarea id={`${id}-reason`} name="reason" required disabled={Boolean(unavailable)} minLength={3} maxLength={500} rows={2}
        className="mb-2 w-full rounded-md border border-slate-400 px-3 py-2 text-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-200" />
      <button type="submit" disabled={pending || Boolean(unavailable)} className={`rounded-md px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60 ${cls}`}>{button}</button>
      {state.needsStepUp && (
        <p role="alert" className="mt-2 text-sm text-amber-900">{state.error} <a className="font-medium underline" href={state.stepUpHref}>Confirm with your code</a></p>
      )}
      {!state.needsStepUp && state.error && <p role="alert" className="mt-2 text-sm text-red-800">{state.error}</p>}
      {state.done && <p role="status" className="mt-2 text-sm text-green-800">{state.done}</p>}
    </form>
  );
}
