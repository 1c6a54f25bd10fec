import { db } from "@/lib/db/client";
import { hasFreshAuth, requireSession } from "@/lib/session/guard";
import { EmailForm, PasswordForm, ShippingForm } from "./AccountForms";
import { AccountNav } from "@/components/AccountNav";
import { unreadCount } from "@/lib/notify/alerts";
import { mfaMethodLabel } from "@/lib/session/mfa-method";
import { hasPasskey } from "@/lib/auth/passkeys";

export const dynamic = "force-dynamic";

function fmt(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

export default async function AccountPage() {
  const ctx = await requireSession();
  const { session } = ctx;
  const fresh = hasFreshAuth(ctx);
  const [user, unread, passkey] = await Promise.all([
    db().user.findUnique({ where: { id: session.userId }, select: { email: true, shippingAddress: true } }),
    unreadCount(session.userId),
    hasPasskey(session.userId),
  ]);
  return (
    <div className="space-y-6">
      <AccountNav current="/account" unread={unread} />
      <h1 className="text-2xl font-semibold">Your account</h1>
      <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="font-medium text-slate-600">Email</dt>
          <dd data-testid="account-email">{user?.email}</dd>
          <dt className="font-medium text-slate-600">Role</dt>
          <dd>{session.role}</dd>
          <dt className="font-medium text-slate-600">Signed in</dt>
          <dd>{fmt(session.createdAt)} from {session.ip}</dd>
          <dt className="font-medium text-slate-600">Verified with</dt>
          <dd>{mfaMethodLabel(session.mfaMethod)} at {fmt(session.mfaAt)}</dd>
          <dt className="font-medium text-slate-600">Session ends by</dt>
          <dd>{fmt(session.absoluteExpiresAt)} at the latest</dd>
        </dl>
      </section>
      <div className="grid gap-6 md:grid-cols-2">
        <ShippingForm address={user?.shippingAddress ?? null} fresh={fresh} />
        <EmailForm hasPasskey={passkey} />
        <PasswordForm />
      </div>
    </div>
  );
}
