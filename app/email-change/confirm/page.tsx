import { Alert, Button, Card } from "@/components/ui";
import { EMAIL_CHANGE_MESSAGES, isEmailChangeTokenUsable } from "@/lib/account/email-change";
import { confirmAction } from "../actions";

export const dynamic = "force-dynamic";

export default async function ConfirmEmailChangePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  if (!(await isEmailChangeTokenUsable(value, "confirm"))) return <Card title="Link not valid"><Alert>{EMAIL_CHANGE_MESSAGES.invalidLink}</Alert></Card>;
  return (
    <Card title="Confirm your new email address">
      <p className="mb-4 text-sm text-slate-600">The account&apos;s address changes to this one when you confirm. Its other sessions are signed out.</p>
      <form action={confirmAction}>
        <input type="hidden" name="token" value={value} />
        <Button type="submit">Confirm this address</Button>
      </form>
    </Card>
  );
}
