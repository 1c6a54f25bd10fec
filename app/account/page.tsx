import { db } from "@/lib/db/client";
import { requireSession } from "@/lib/session/guard";
import { SignOutButton } from "@/components/SignOutButton";

export const dynamic = "force-dynamic";

function fmt(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

export default async function AccountPage() {
  const { session } = await requireSession();
  const user = await db().user.findUnique({ where: { id: session.userId }, select: { email: true, role: true } });
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Your account</h1>
        <SignOutButton />
      </div>
      <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="font-medium text-slate-600">Email</dt>
          <dd data-testid="account-email">{user?.email}</dd>
          <dt className="font-medium text-slate-600">Role</dt>
          <dd>{session.role}</dd>
          <dt className="font-medium text-slate-600">Signed in</dt>
          <dd>{fmt(session.createdAt)} from {session.ip}</dd>
          <dt className="font-medium text-slate-600">Verified with</dt>
          <dd>{session.mfaMethod === "recovery" ? "Recovery code" : "Authenticator app"} at {fmt(session.mfaAt)}</dd>
          <dt className="font-medium text-slate-600">Session ends by</dt>
          <dd>{fmt(session.absoluteExpiresAt)} at the latest</dd>
        </dl>
      </section>
      <nav className="flex gap-4 text-sm">
        <a className="text-indigo-700 underline" href="/account/security/totp">Authenticator app</a>
      </nav>
    </div>
  );
}
