import { Alert, Button, Card } from "@/components/ui";
import { EMAIL_CHANGE_MESSAGES, isEmailChangeTokenUsable } from "@/lib/account/email-change";
import { cancelAction } from "../actions";

export const dynamic = "force-dynamic";

export default async function CancelEmailChangePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  if (!(await isEmailChangeTokenUsable(value, "cancel"))) return <Card title="Link not valid"><Alert>{EMAIL_CHANGE_MESSAGES.invalidLink}</Alert></Card>;
  return (
    <Card title="This wasn't me">
      <p className="mb-4 text-sm text-slate-600">Cancel the email change and sign out every session of your account. Afterwards, reset your password.</p>
      <form action={cancelAction}>
        <input type="hidden" name="token" value={value} />
        <Button type="submit">Cancel the change and sign out everywhere</Button>
      </form>
    </Card>
  );
}
