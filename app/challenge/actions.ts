"use server";
import { BAD_ACTION_INPUT, isFormCall } from "@/lib/http/action-args";
import { redirect } from "next/navigation";
import { z } from "zod";
import { acceptPowSolution } from "@/lib/risk/challenge";
import { requireSession, safeNextPath } from "@/lib/session/guard";

const input = z.object({ payload: z.string().min(10).max(2048), next: z.string().max(512) });

export async function submitPowSolution(form: FormData, ...extra: unknown[]): Promise<{ error: string }> {
  if (!isFormCall(form, extra)) return { error: BAD_ACTION_INPUT };
  const parsed = input.safeParse({ payload: form.get("payload"), next: form.get("next") ?? "/account" });
  if (!parsed.success) return { error: "The puzzle answer was not valid. Reload the page to try again." };
  const { session, meta } = await requireSession({ allowRequirement: true });
  if (!(await acceptPowSolution(session.id, session.userId, parsed.data.payload, meta))) return { error: "The puzzle answer was not accepted. Reload the page to try again." };
  redirect(safeNextPath(parsed.data.next));
}
