import { Alert, Button, Card } from "@/components/ui";
import { isMailboxProofUsable, SIGN_UP_MESSAGES } from "@/lib/auth/sign-up";
import { confirmMailboxAction } from "./actions";

export const dynamic = "force-dynamic";

// The token is in this page's URL only (the mail link); Referrer-Policy: no-referrer keeps it here.
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  if (!(await isMailboxProofUsable(value))) return <Card title="Link not valid"><Alert>{SIGN_UP_MESSAGES.invalidLink}</Alert></Card>;
  return (
    <Card title="Confirm your email address">
      <p className="mb-4 text-sm text-slate-600">
        Confirming makes the account usable with the password chosen when it was created. If you did not create an account, do not
        confirm: close this page (and use &quot;Forgot your password?&quot; if you want the account yourself).
      </p>
      <form action={confirmMailboxAction}>
        <input type="hidden" name="token" value={value} />
        <Button type="submit">Confirm my address</Button>
      </form>
    </Card>
  );
}
