// Input of every admin action: a target id and a REQUIRED reason (stored in the audit log).
import { z } from "zod";

export const idSchema = z.string().min(1).max(64).regex(/^[a-z0-9]+$/i, "Unknown target.");
export const reasonSchema = z.string().trim().min(3, "Give a reason (at least 3 characters).").max(500, "Keep the reason under 500 characters.");

export const sessionActionInput = z.object({ sessionId: idSchema, reason: reasonSchema });
export const userActionInput = z.object({ userId: idSchema, reason: reasonSchema });

export type SessionActionInput = z.infer<typeof sessionActionInput>;
export type UserActionInput = z.infer<typeof userActionInput>;
