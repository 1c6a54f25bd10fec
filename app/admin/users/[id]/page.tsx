import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/session/guard";
import { loadUserDetail, sessionStatusLabel } from "@/lib/admin/detail";
import { idSchema } from "@/lib/admin/schemas";
import { AdminNav } from "@/components/admin/AdminNav";
import { ActionForm } from "@/components/admin/ActionForm";
import { Ago, exactTime } from "@/components/time";
import { forceReMfaAction, lockUserAction, revokeAllAction, unlockUserAction } from "../../actions";

export const dynamic = "force-dynamic";

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const valid = idSchema.safeParse(id);
  await requireAdmin(valid.success ? `/admin/users/${id}` : "/admin");
  if (!valid.success) notFound();
  const d = await loadUserDetail(valid.data);
  if (!d) notFound();
  const u = d.user;
  const hidden = { userId: u.id };
  return (
    <div>
      <AdminNav current="" />
      <h1 className="mb-1 text-2xl font-semibold">{u.email}</h1>
      <p className="mb-4 text-sm text-slate-700">
        Role {u.role} · account created <time dateTime={u.createdAt.toISOString()}>{exactTime(u.createdAt)}</time> ·{" "}
        <span data-testid="lock-state">{u.lockedAt ? `locked ${exactTime(u.lockedAt)}${u.lockedReason ? ` (${u.lockedReason})` : ""}` : "not locked"}</span>
      </p>
      <section aria-labelledby="actions-h" className="mb-6">
        <h2 id="actions-h" className="mb-2 text-lg font-semibold">Actions</h2>
        <div className="grid gap-3 sm:grid-cols-2">
          <ActionForm title="Revoke all sessions" button="Sign out everywhere" danger hidden={hidden} action={revokeAllAction} />
          <ActionForm title="Lock the account" button="Lock account" danger hidden={hidden} action={lockUserAction} help="Every session ends and sign-in is refused until unlocked."
            unavailable={u.lockedAt !== null && "The account is locked."} />
          <ActionForm title="Unlock the account" button="Unlock" hidden={hidden} action={unlockUserAction} unavailable={u.lockedAt === null && "The account is not locked."} />
          <ActionForm title="Force re-MFA" button="Require a code on next request" hidden={hidden} action={forceReMfaAction} help="Every live session must enter a code on its next request." />
        </div>
      </section>
      <section aria-labelledby="sessions-h" className="mb-6">
        <h2 id="sessions-h" className="mb-2 text-lg font-semibold">Sessions</h2>
        {d.sessions.length === 0 ? <p className="text-sm text-slate-600">No sessions.</p> : (
          <ul data-testid="user-sessions" className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white px-3 text-sm">
            {d.sessions.map((s) => (
              <li key={s.id} className="py-2"><Link className="text-indigo-800 underline" href={`/admin/sessions/${s.id}`}>{s.device}</Link> · <span className="font-mono">{s.lastIp}</span> · {s.place} · {sessionStatusLabel(s)}{s.requiredAction && ` · must ${s.requiredAction}`} · last active <Ago at={s.lastSeenAt} /></li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="events-h">
        <h2 id="events-h" className="mb-2 text-lg font-semibold">Recent events</h2>
        {d.events.length === 0 ? <p className="text-sm text-slate-600">No events.</p> : (
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white px-3 text-sm">
            {d.events.map((e) => (
              <li key={e.id} className="py-2"><time dateTime={e.at.toISOString()} className="text-slate-600">{exactTime(e.at)}</time> · {e.text} · <span className="font-mono">{e.ip}</span></li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
