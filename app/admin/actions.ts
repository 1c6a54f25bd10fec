"use server";
// Admin server actions. Each: the admin guard (404 for non-admins, step-up if the last code is
// older than 10 minutes), the sensitive-action policy, then lib/admin/actions.ts, which writes
// the change and its audit row in one transaction. The reason field is required (zod).
import { BAD_ACTION_INPUT, isStateFormCall } from "@/lib/http/action-args";
import { revalidatePath } from "next/cache";
import { requireAdmin, requireSensitive } from "@/lib/session/guard";
import { actorOf } from "@/lib/admin/actor";
import { idSchema } from "@/lib/admin/schemas";
import {
  adminDismissFlag, adminForceReMfa, adminRequireStepUp, adminRevokeAll, adminRevokeSession, adminSetLocked, type AdminActionResult,
} from "@/lib/admin/actions";
import type { AdminActor } from "@/lib/admin/audit";

export type AdminActionState = { error?: string; done?: string; needsStepUp?: boolean; stepUpHref?: string };

type Target = "session" | "user";

async function perform(name: string, target: Target, form: FormData, fn: (actor: AdminActor, input: Record<string, unknown>) => Promise<AdminActionResult>): Promise<AdminActionState> {
  const key = target === "session" ? "sessionId" : "userId";
  const id = idSchema.safeParse(form.get(key));
  const page = id.success ? `/admin/${target}s/${id.data}` : "/admin";
  const ctx = await requireAdmin(page);
  const check = await requireSensitive({ name: `admin_${name}`, offeredBy: page });
  const stepUpHref = `/step-up?next=${encodeURIComponent(page)}`;
  if (!check.ok) return { needsStepUp: true, error: check.message, stepUpHref };
  const r = await fn(await actorOf(check.ctx ?? ctx), { [key]: form.get(key), reason: form.get("reason") });
  if (!r.ok) return { error: r.error };
  revalidatePath(page);
  revalidatePath("/admin/flags");
  revalidatePath("/admin/audit");
  return { done: r.message };
}

export async function revokeSessionAction(_p: AdminActionState, form: FormData, ...extra: unknown[]): Promise<AdminActionState> {
  if (!isStateFormCall(_p, form, extra)) return { error: BAD_ACTION_INPUT };
  return perform("revoke_session", "session", form, adminRevokeSession);
}
export async function dismissFlagAction(_p: AdminActionState, form: FormData, ...extra: unknown[]): Promise<AdminActionState> {
  if (!isStateFormCall(_p, form, extra)) return { error: BAD_ACTION_INPUT };
  return perform("dismiss_flag", "session", form, adminDismissFlag);
}
export async function requireStepUpAction(_p: AdminActionState, form: FormData, ...extra: unknown[]): Promise<AdminActionState> {
  if (!isStateFormCall(_p, form, extra)) return { error: BAD_ACTION_INPUT };
  return perform("require_step_up", "session", form, adminRequireStepUp);
}
export async function revokeAllAction(_p: AdminActionState, form: FormData, ...extra: unknown[]): Promise<AdminActionState> {
  if (!isStateFormCall(_p, form, extra)) return { error: BAD_ACTION_INPUT };
  return perform("revoke_all", "user", form, adminRevokeAll);
}
export async function lockUserAction(_p: AdminActionState, form: FormData, ...extra: unknown[]): Promise<AdminActionState> {
  if (!isStateFormCall(_p, form, extra)) return { error: BAD_ACTION_INPUT };
  return perform("lock_user", "user", form, (a, i) => adminSetLocked(a, i, true));
}
export async function unlockUserAction(_p: AdminActionState, form: FormData, ...extra: unknown[]): Promise<AdminActionState> {
  if (!isStateFormCall(_p, form, extra)) return { error: BAD_ACTION_INPUT };
  return perform("unlock_user", "user", form, (a, i) => adminSetLocked(a, i, false));
}
export async function forceReMfaAction(_p: AdminActionState, form: FormData, ...extra: unknown[]): Promise<AdminActionState> {
  if (!isStateFormCall(_p, form, extra)) return { error: BAD_ACTION_INPUT };
  return perform("force_reauth", "user", form, adminForceReMfa);
}
