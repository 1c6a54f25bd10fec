import { answerWasThisYou } from "@/app/account/activity/actions";

/** "Was this you?" with its two answers, for an alert or a flagged device row (a plain form: works without JavaScript). */
export function WasThisYou({ sessionId, from }: { sessionId: string; from: "/account/activity" | "/account/devices" }) {
  const btn = "rounded-md border px-3 py-1 text-sm";
  return (
    <div data-testid="was-this-you" className="mt-2 flex flex-wrap items-center gap-2 text-sm">
      <span className="font-medium">Was this you?</span>
      <form action={answerWasThisYou}>
        <input type="hidden" name="sessionId" value={sessionId} />
        <input type="hidden" name="from" value={from} />
        <input type="hidden" name="answer" value="yes" />
        <button type="submit" className={`${btn} border-slate-300 bg-white`}>Yes, it was me</button>
      </form>
      <form action={answerWasThisYou}>
        <input type="hidden" name="sessionId" value={sessionId} />
        <input type="hidden" name="from" value={from} />
        <input type="hidden" name="answer" value="no" />
        <button type="submit" className={`${btn} border-red-300 bg-white text-red-800`}>No, it wasn&apos;t me</button>
      </form>
    </div>
  );
}
