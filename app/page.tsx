import Link from "next/link";

// Rendered per request so its scripts carry the request's CSP nonce (proxy.ts): prerendered, the
// page had none and the browser blocked every script on it.
export const dynamic = "force-dynamic";

export default function Home() {
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Sessions that stay yours after MFA</h1>
      <p className="text-slate-700">
        SessionGuard signs you in with a password and an authenticator app, then keeps a server-side session of record
        that expires, can be revoked instantly, and is softly bound to your network and browser.
      </p>
      <div className="flex gap-3">
        <Link href="/sign-in" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white">Sign in</Link>
        <Link href="/sign-up" className="rounded-md border border-slate-300 px-4 py-2 font-medium">Create an account</Link>
      </div>
    </div>
  );
}
