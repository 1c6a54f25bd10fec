import { signOut } from "@/app/sign-out/actions";

// A POST form (server action): sign-out is a state change and never a GET.
export function SignOutButton() {
  return (
    <form action={signOut}>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100">Sign out</button>
    </form>
  );
}
