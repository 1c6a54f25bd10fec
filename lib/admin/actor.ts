import "server-only";
import { db } from "@/lib/db/client";
import type { SessionContext } from "@/lib/session/guard";
import type { AdminActor } from "./audit";

/** The acting admin, from their own session (never from form fields). */
export async function actorOf(ctx: SessionContext): Promise<AdminActor> {
  const u = await db().user.findUnique({ where: { id: ctx.session.userId }, select: { email: true } });
  return { adminId: ctx.session.userId, adminEmail: u?.email ?? "(unknown)", ip: ctx.meta.ip };
}
