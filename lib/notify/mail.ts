import "server-only";
// Outgoing mail through the OutboxEmail table. queueMail only inserts a row and nudges the
// background sender, so a slow or dead SMTP server never delays or breaks the request that
// caused the mail (sign-in, password reset). Failed rows are retried with exponential backoff by
// an in-process timer; nothing is lost while SMTP is down. Several instances may share the
// table: a row is claimed with a conditional update before it is sent, so only one sends it.
// Without SMTP_URL the table itself is the outbox (local development, e2e tests).
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { logger } from "@/lib/log";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface DeliveryResult {
  sent: number;
  failed: number;
  kept: number;
}

const BASE_RETRY_MS = 60_000;
const MAX_RETRY_MS = 60 * 60_000;
/**
 * How long a claimed row is hidden from other senders. Far longer than one send can take with
 * the 5 s timeouts; if the claiming process dies mid-send the row becomes due again after it.
 */
const CLAIM_LEASE_MS = 2 * 60_000;
const SMTP_TIMEOUT_MS = 5_000;
/** Floor for the timer, so a busy outbox is drained in steps rather than a hot loop. */
const MIN_TIMER_MS = 250;
const MAX_TIMER_MS = MAX_RETRY_MS;

/** Backoff after the n-th failed attempt (n >= 1): 1 min, 2, 4, … capped at 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(BASE_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

// Process-wide state on globalThis: Next bundles this module into several server chunks, and
// there must still be one transport and at most one pending timer per process.
interface MailState {
  transport?: { url: string; t: Transporter };
  timer?: NodeJS.Timeout;
  timerAt?: number;
  running?: Promise<void>;
  rerun?: boolean;
}
const state: MailState = ((globalThis as unknown as { __sgMail?: MailState }).__sgMail ??= {});

function transporter(url: string): Transporter {
  if (state.transport?.url !== url) {
    // No pool: a connection per message, so no idle socket keeps the process (or a test) alive.
    const options: SMTPTransport.Options = {
      url,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    };
    state.transport = { url, t: nodemailer.createTransport(options) };
  }
  return state.transport.t;
}

/** The error text to store and log: bounded, and never the SMTP URL or its password. */
function safeError(err: unknown, url: string): string {
  let msg = err instanceof Error ? err.message : String(err);
  const secrets = [url];
  try {
    const u = new URL(url);
    if (u.password) secrets.push(u.password, decodeURIComponent(u.password));
    if (u.username) secrets.push(`${u.username}:`);
  } catch {
    // Unparseable URL: the whole-URL redaction above still applies.
  }
  for (const s of secrets) if (s) msg = msg.split(s).join("[redacted]");
  return msg.slice(0, 500);
}

/** Inserts the mail and starts delivery in the background. Returns the OutboxEmail id. */
export async function queueMail(m: OutgoingMail): Promise<string> {
  const row = await db().outboxEmail.create({
    data: { to: m.to, subject: m.subject, text: m.text, html: m.html },
    select: { id: true },
  });
  if (config().SMTP_URL === "") {
    // Logged here, once, rather than on every delivery pass.
    logger.info("mail kept in outbox (no SMTP configured)", { id: row.id, to: m.to });
  } else {
    scheduleDelivery(Date.now());
  }
  return row.id;
}

/**
 * Sends up to `limit` due rows. `now` is the clock used for "due" and for the retry schedule
 * (tests pass a later time instead of waiting for a backoff to elapse).
 */
export async function deliverPending(limit = 20, now: Date = new Date()): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, failed: 0, kept: 0 };
  const url = config().SMTP_URL;
  const due = await db().outboxEmail.findMany({
    where: { sentAt: null, nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: Math.max(1, Math.min(limit, 500)),
    select: { id: true, to: true, subject: true, text: true, html: true, attempts: true },
  });
  if (url === "") {
    result.kept = due.length;
    return result;
  }
  const from = config().MAIL_FROM;
  for (const row of due) {
    // The claim: only the sender whose update still sees the row unsent, due and at the attempt
    // count it read gets count 1; a concurrent sender (other instance or pass) skips the row.
    const attempts = row.attempts + 1;
    const claimed = await db().outboxEmail.updateMany({
      where: { id: row.id, sentAt: null, attempts: row.attempts, nextAttemptAt: { lte: now } },
      data: { attempts, nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) },
    });
    if (claimed.count !== 1) continue;
    try {
      await transporter(url).sendMail({ from, to: row.to, subject: row.subject, text: row.text, html: row.html });
      await db().outboxEmail.update({ where: { id: row.id }, data: { sentAt: new Date(), lastError: null } });
      result.sent++;
    } catch (err) {
      const lastError = safeError(err, url);
      const nextAttemptAt = new Date(now.getTime() + retryDelayMs(attempts));
      await db().outboxEmail.update({ where: { id: row.id }, data: { lastError, nextAttemptAt } });
      logger.warn("mail delivery failed; will retry", { id: row.id, attempts, nextAttemptAt: nextAttemptAt.toISOString(), error: lastError });
      result.failed++;
    }
  }
  return result;
}

/** Arms the single process-wide timer for `at` unless one already fires no later than that. */
function scheduleDelivery(at: number): void {
  const fireAt = Math.max(at, Date.now() + (at <= Date.now() ? 0 : MIN_TIMER_MS));
  if (state.timer && state.timerAt !== undefined && state.timerAt <= fireAt) return;
  if (state.timer) clearTimeout(state.timer);
  state.timerAt = fireAt;
  state.timer = setTimeout(onTimer, Math.min(Math.max(0, fireAt - Date.now()), MAX_TIMER_MS));
  // A pending retry must not keep a process (CLI, test worker) alive.
  state.timer.unref();
}

function onTimer(): void {
  state.timer = undefined;
  state.timerAt = undefined;
  if (state.running) {
    // A pass is in progress; run once more when it ends instead of overlapping it.
    state.rerun = true;
    return;
  }
  state.running = backgroundPass().finally(() => {
    state.running = undefined;
    if (state.rerun) {
      state.rerun = false;
      scheduleDelivery(Date.now());
    }
  });
}

async function backgroundPass(): Promise<void> {
  try {
    const r = await deliverPending();
    if (r.failed > 0 || r.sent > 0) logger.debug("mail delivery pass", { ...r });
    const next = await db().outboxEmail.findFirst({
      where: { sentAt: null },
      orderBy: { nextAttemptAt: "asc" },
      select: { nextAttemptAt: true },
    });
    if (next) scheduleDelivery(Math.max(next.nextAttemptAt.getTime(), Date.now() + MIN_TIMER_MS));
  } catch (err) {
    // The database itself failed: try again later rather than never.
    logger.error("mail delivery pass failed", { error: (err as Error).message });
    scheduleDelivery(Date.now() + BASE_RETRY_MS);
  }
}

/**
 * Picks up rows left by an earlier process (e.g. queued while SMTP was down before a restart).
 * Call once at server start; without SMTP it does nothing.
 */
export function startMailDelivery(): void {
  if (config().SMTP_URL !== "") scheduleDelivery(Date.now());
}

/** Resolves when no background pass is running (tests, graceful shutdown). */
export async function mailIdle(): Promise<void> {
  while (state.running) await state.running;
}
