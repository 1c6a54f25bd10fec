import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/session/guard";
import { loadSessionDetail, sessionStatusLabel } from "@/lib/admin/detail";
import { idSchema } from "@/lib/admin/schemas";
import { AdminNav } from "@/components/admin/AdminNav";
import { ActionForm } from "@/components/admin/ActionForm";
import { Ago, exactTime } from "@/components/time";
import { mfaMethodLabel } from "@/lib/session/mfa-method";
import { dismissFlagAction, requireStepUpAction, revokeSessionAction } from "../../actions";

export const dynamic = "force-dynamic";

function Cell({ label, a, b }: { label: string; a: string; b: string }) {
  const differs = a !== b;
  return (
    <tr className="border-t border-slate-200 align-top">
      <th scope="row" className="py-1 pr-2 text-left font-medium text-slate-700">{label}</th>
      <td className="py-1 pr-2 break-all">{a}</td>
      <td className={`py-1 break-all ${differs ? "font-semibold text-red-800" : ""}`}>{b}{differs && <span className="sr-only"> (differs)</span>}</td>
    </tr>
  );
}

export default async function AdminSessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const valid = idSchema.safeParse(id);
  await requireAdmin(valid.success ? `/admin/sessions/${id}` : "/admin");
  if (!valid.success) notFound();
  const d = await loadSessionDetail(valid.data);
  if (!d) notFound();
  const s = d.session;
  const live = s.status === "active" || s.status === "flagged";
  const openFlag = !s.flagResolution && (s.flaggedAt !== null || s.status === "suspended");
  return (
    <div>
      <AdminNav current="" />
      <h1 className="mb-1 text-2xl font-semibold">Session of <Link className="text-indigo-800 underline" href={`/admin/users/${d.user.id}`}>{d.user.email}</Link></h1>
      <p className="mb-4 text-sm text-slate-700">
        <span data-testid="session-status">{sessionStatusLabel(s)}</span> · risk score {s.riskScore} · {s.device} · signed in <time dateTime={s.createdAt.toISOString()}>{exactTime(s.createdAt)}</time> · last factor <span data-testid="session-mfa-method">{mfaMethodLabel(s.mfaMethod)}</span> · last active <Ago at={s.lastSeenAt} />
        {s.requiredAction && <> · must {s.requiredAction === "step_up" ? "confirm a code" : "solve a challenge"}</>}
      </p>
      {s.flagReason && <p data-testid="flag-reason" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950">Flag: {s.flagReason}{s.flagResolution && ` — closed as ${s.flagResolution} by ${s.flagResolvedBy ?? "?"}`}</p>}
      {s.endedAt && <p className="mb-4 text-sm text-slate-700">Ended <time dateTime={s.endedAt.toISOString()}>{exactTime(s.endedAt)}</time> by {s.endedBy ?? "?"} ({s.endedReason ?? "?"})</p>}

      <section aria-labelledby="actions-h" className="mb-6">
        <h2 id="actions-h" className="mb-2 text-lg font-semibold">Actions</h2>
        <div className="grid gap-3 sm:grid-cols-2">
          <ActionForm title="Revoke this session" button="Revoke session" danger hidden={{ sessionId: s.id }} action={revokeSessionAction} help="Signs this session out at once; the user is told."
            unavailable={!live && !openFlag && "Not available: the session has ended and has no open flag."} />
          <ActionForm title="Dismiss the flag" button="Dismiss as false positive" hidden={{ sessionId: s.id }} action={dismissFlagAction} help="Closes the flag as a false positive (kept as a label)."
            unavailable={!openFlag && "Not available: the session has no open flag."} />
          <ActionForm title="Require step-up" button="Require a code on next request" hidden={{ sessionId: s.id }} action={requireStepUpAction}
            unavailable={!live && "Not available: the session has ended."} />
        </div>
      </section>

      <section aria-labelledby="binding-h" className="mb-6">
        <h2 id="binding-h" className="mb-2 text-lg font-semibold">Binding</h2>
        <table data-testid="binding" className="w-full table-fixed text-sm">
          <thead><tr className="text-left text-slate-600"><th scope="col" className="w-28">&nbsp;<span className="sr-only">Property</span></th><th scope="col">At sign-in</th><th scope="col">Latest</th></tr></thead>
          <tbody>
            <Cell label="IP" a={d.binding.origin.ip} b={d.binding.latest.ip} />
            <Cell label="Prefix" a={d.binding.origin.prefix} b={d.binding.latest.prefix ?? "(other network)"} />
            <Cell label="Place" a={d.binding.origin.place} b={d.binding.latest.place} />
            <Cell label="Device" a={d.binding.origin.device} b={d.binding.latest.device} />
            <Cell label="User-Agent" a={d.binding.origin.userAgent} b={d.binding.latest.userAgent} />
          </tbody>
        </table>
      </section>

      <section aria-labelledby="evidence-h" className="mb-6">
        <h2 id="evidence-h" className="mb-2 text-lg font-semibold">Evidence timeline</h2>
        {d.evidence.length === 0 ? <p className="text-sm text-slate-600">No events recorded for this session.</p> : (
          <ol data-testid="evidence" className="space-y-3">
            {d.evidence.map((e) => (
              <li key={e.id} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
                <p><time dateTime={e.at.toISOString()} className="text-slate-600">{exactTime(e.at)}</time> · <span className="font-mono">{e.type}</span>{e.score !== null && <> · score {e.score}</>}{e.policy && <> · {e.policy} policy</>}</p>
                <p className="font-medium">{e.text}</p>
                <p className="text-xs text-slate-600"><span className="font-mono">{e.ip}</span> · {e.place}{e.userAgent && <> · <span className="break-all">{e.userAgent}</span></>}</p>
                {e.signals.length > 0 && (
                  <ul className="mt-1 list-disc pl-5 text-xs">
                    {e.signals.map((sig, i) => <li key={i}><span className="font-mono">{sig.id}</span>{sig.weight !== null && ` (+${sig.weight})`}{sig.reason && `: ${sig.reason}`}{sig.value && <span className="break-all text-slate-600"> {sig.value}</span>}</li>)}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="others-h">
        <h2 id="others-h" className="mb-2 text-lg font-semibold">The user&apos;s other sessions</h2>
        {d.others.length === 0 ? <p className="text-sm text-slate-600">None.</p> : (
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white px-3 text-sm">
            {d.others.map((o) => (
              <li key={o.id} className="py-2"><Link className="text-indigo-800 underline" href={`/admin/sessions/${o.id}`}>{o.device}</Link> · <span className="font-mono">{o.lastIp}</span> · {o.place} · {sessionStatusLabel(o)} · last active <Ago at={o.lastSeenAt} /></li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
