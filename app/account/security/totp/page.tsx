import { redirect } from "next/navigation";
import QRCode from "qrcode";
import { db } from "@/lib/db/client";
import { getPendingSignIn } from "@/lib/auth/pending";
import { enrollmentSecret } from "@/lib/auth/totp-credential";
import { enrollmentConfirmed } from "@/lib/auth/second-factor";
import { remainingRecoveryCodes } from "@/lib/auth/recovery";
import { getCurrentSession } from "@/lib/session/guard";
import { Card } from "@/components/ui";
import { AccountNav } from "@/components/AccountNav";
import { unreadCount } from "@/lib/notify/alerts";
import { EnrollForm } from "./EnrollForm";
import { listPasskeys } from "@/lib/auth/passkeys";
import { aaguidName } from "@/lib/auth/aaguid-names";
import { exactTime } from "@/components/time";
import { PasskeyPanel, type PasskeyRow } from "../passkeys/PasskeyPanel";

function passkeyRows(items: Awaited<ReturnType<typeof listPasskeys>>): PasskeyRow[] {
  return items.map((p) => ({
    id: p.id, name: p.name, created: exactTime(p.createdAt), createdIso: p.createdAt.toISOString(),
    lastUsed: p.lastUsedAt ? exactTime(p.lastUsedAt) : null, lastUsedIso: p.lastUsedAt?.toISOString() ?? null,
    kind: [aaguidName(p.aaguid), p.deviceType === "multiDevice" ? "synced passkey" : "device-bound passkey"].filter(Boolean).join(", "),
  }));
}

export const dynamic = "force-dynamic";

export default async function TotpPage() {
  // A signed-in user sees the status; enrolment itself needs the pending "enroll" state.
  const current = await getCurrentSession();
  if (current) {
    const { session } = current;
    const [left, unread, passkeys] = await Promise.all([remainingRecoveryCodes(session.userId), unreadCount(session.userId), listPasskeys(session.userId)]);
    return (
      <div>
        <AccountNav current="/account/security/totp" unread={unread} />
        <Card title="Authenticator app">
          <p className="text-sm text-slate-700">Your authenticator app is set up. Recovery codes left: {left}.</p>
        </Card>
        <div className="mt-6">
          <Card title="Passkeys">
            <PasskeyPanel rows={passkeyRows(passkeys)} />
          </Card>
        </div>
      </div>
    );
  }
  const pending = await getPendingSignIn();
  if (!pending) redirect("/sign-in");
  if (pending.purpose !== "enroll") redirect("/sign-in/mfa");
  if (await enrollmentConfirmed(pending)) {
    return (
      <Card title="Set up your authenticator app">
        <EnrollForm alreadyConfirmed />
      </Card>
    );
  }
  const user = await db().user.findUnique({ where: { id: pending.userId }, select: { email: true, emailVerifiedAt: true } });
  // No factor before the mailbox is proven (the password step already refuses; this is the backstop).
  if (!user?.emailVerifiedAt) redirect("/sign-in");
  // The secret belongs to this pending sign-in: another sign-in is shown a new one.
  const enrollment = await enrollmentSecret(pending.userId, user.email, pending.pendingId);
  if (!enrollment) redirect("/sign-in/mfa");
  const qr = await QRCode.toDataURL(enrollment.uri, { margin: 1, width: 220 });
  const grouped = enrollment.secret.match(/.{1,4}/g)?.join(" ") ?? enrollment.secret;
  return (
    <Card title="Set up your authenticator app">
      <ol className="mb-4 list-decimal space-y-2 pl-5 text-sm text-slate-700">
        <li>Scan this QR code with an authenticator app (Google Authenticator, 1Password, Aegis, …).</li>
        <li>Or enter the key by hand: <code data-testid="totp-secret" className="break-all rounded bg-slate-100 px-1 font-mono">{grouped}</code></li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URI needs no image optimisation */}
      <img src={qr} alt="QR code for your authenticator app" width={220} height={220} className="mx-auto mb-4" />
      <p className="sr-only" data-testid="otpauth-uri">{enrollment.uri}</p>
      <EnrollForm />
    </Card>
  );
}
