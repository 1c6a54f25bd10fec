import Link from "next/link";
import { requireAdmin } from "@/lib/session/guard";
import { decodeAuditCursor, listAudit } from "@/lib/admin/audit";
import { AdminNav } from "@/components/admin/AdminNav";
import { exactTime } from "@/components/time";

export const dynamic = "force-dynamic";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin("/admin/audit");
  const sp = await searchParams;
  const { rows, nextCursor } = await listAudit({ cursor: decodeAuditCursor(sp.cursor) });
  return (
    <div>
      <AdminNav current="/admin/audit" />
      <h1 className="mb-4 text-2xl font-semibold">Audit log</h1>
      {rows.length === 0 ? <p className="text-sm text-slate-600">No admin actions yet.</p> : (
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Admin actions, newest first">
          <table data-testid="audit-table" className="w-full text-sm">
            <thead><tr className="text-left text-slate-600"><th scope="col" className="pr-2">When</th><th scope="col" className="pr-2">Admin</th><th scope="col" className="pr-2">Action</th><th scope="col" className="pr-2">Target</th><th scope="col">Reason</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="audit-row" className="border-t border-slate-200 align-top">
                  <td className="py-2 pr-2 whitespace-nowrap"><time dateTime={r.at.toISOString()}>{exactTime(r.at)}</time></td>
                  <td className="py-2 pr-2">{r.adminEmail}<span className="block font-mono text-xs text-slate-600">{r.ip}</span></td>
                  <td className="py-2 pr-2 font-mono">{r.action}</td>
                  <td className="py-2 pr-2">
                    {r.targetUserId && <Link className="text-indigo-800 underline" href={`/admin/users/${r.targetUserId}`}>{r.targetEmail ?? r.targetUserId}</Link>}
                    {r.targetSessionId && <Link className="block text-xs text-indigo-800 underline" href={`/admin/sessions/${r.targetSessionId}`}>session {r.targetSessionId.slice(0, 10)}…</Link>}
                  </td>
                  <td className="py-2" data-testid="audit-reason">{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-4 flex gap-4 text-sm">
        {sp.cursor && <Link className="underline" href="/admin/audit">Newest</Link>}
        {nextCursor && <Link className="underline" href={`/admin/audit?cursor=${nextCursor}`}>Older entries</Link>}
      </p>
    </div>
  );
}
