import "server-only";
// Security mails and in-app alert texts. Pure functions: no config, clock or database, so the
// escaping and "no token in an alert" rules are unit-tested directly.
//
// Browser, OS, place and even the IP can come from attacker-controlled input (User-Agent,
// GeoIP of an attacker's address). They are flattened to one bounded line (so a crafted value
// cannot add fake paragraphs or links to the plain-text mail) and HTML-escaped in the HTML part.
// Subjects are constants: nothing attacker-controlled reaches a mail header.

export type AlertKind = "new_device" | "session_flagged" | "revoked_by_admin" | "password_changed" | "totp_changed" | "stepup_suspended" | "reset_requests_capped" | "passkey_added" | "passkey_removed";

export const ALERT_KINDS: readonly AlertKind[] = ["new_device", "session_flagged", "revoked_by_admin", "password_changed", "totp_changed", "stepup_suspended", "reset_requests_capped", "passkey_added", "passkey_removed"];

export interface MailContext {
  browser: string | null;
  os: string | null;
  ip: string;
  place: string | null;
  at: Date;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** An alert: the mail plus the plain-text title/body of the in-app notification. */
export interface RenderedAlert extends RenderedMail {
  title: string;
  body: string;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const MAX_FIELD = 100;

/** One line, no control characters, bounded length. */
export function oneLine(value: string, max = MAX_FIELD): string {
  // Control characters (CR/LF included) and Unicode line separators become spaces.
  const flat = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function describeDevice(browser: string | null, os: string | null): string {
  const b = browser ? oneLine(browser) : "";
  const o = os ? oneLine(os) : "";
  if (b && o) return `${b} on ${o}`;
  if (b) return `${b} on an unknown system`;
  if (o) return `Unknown browser on ${o}`;
  return "Unknown browser and system";
}

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "Friday, 3 January 2025 at 14:05 UTC (2025-01-03T14:05:09.000Z)"; built by hand, not Intl, so it is the same everywhere. */
export function formatTime(at: Date): string {
  const human = `${DAYS[at.getUTCDay()]}, ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} at ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC`;
  return `${human} (${at.toISOString()})`;
}

function base(appUrl: string): string {
  return appUrl.replace(/\/+$/, "");
}

export function devicesUrl(appUrl: string): string {
  return `${base(appUrl)}/account/devices`;
}

export function resetUrl(appUrl: string, token: string): string {
  return `${base(appUrl)}/reset-password?token=${encodeURIComponent(token)}`;
}

/** Callers may pass null or a display string that already says "unknown location". */
function describeMailPlace(place: string | null): string {
  const p = place ? oneLine(place) : "";
  return p === "" || /^unknown( location)?$/i.test(p) || p === "—" ? "unknown location" : `${p} (approximate)`;
}

function facts(ctx: MailContext): [string, string][] {
  return [
    ["Device", describeDevice(ctx.browser, ctx.os)],
    ["IP address", oneLine(ctx.ip, 64) || "unknown"],
    ["Location", describeMailPlace(ctx.place)],
    ["Time", formatTime(ctx.at)],
  ];
}

interface Content {
  subject: string;
  title: string;
  intro: string;
  advice: string;
  /** Label and target of the one call to action. */
  action: { label: string; url: string };
}

function alertContent(kind: AlertKind, appUrl: string): Content {
  const devices = { label: "Review your devices and sessions", url: devicesUrl(appUrl) };
  switch (kind) {
    case "new_device":
      return {
        subject: "New sign-in to your SessionGuard account",
        title: "New sign-in from a new device",
        intro: "Your account was just signed in to from a device we have not seen recently.",
        advice: "If this was you, there is nothing to do. If it was not, sign that session out and change your password now.",
        action: devices,
      };
    case "session_flagged":
      return {
        subject: "A session of your SessionGuard account was flagged",
        title: "Unusual activity in one of your sessions",
        intro: "One of your sessions showed unusual activity (for example a sudden change of network or browser) and was flagged.",
        advice: "If you do not recognise it, sign it out and change your password.",
        action: devices,
      };
    case "revoked_by_admin":
      return {
        subject: "An administrator signed out one of your SessionGuard sessions",
        title: "A session was signed out by an administrator",
        intro: "An administrator ended one of your sessions. That device must sign in again.",
        advice: "If you did not expect this, contact support and review your other sessions.",
        action: devices,
      };
    case "password_changed":
      return {
        subject: "Your SessionGuard password was changed",
        title: "Your password was changed",
        intro: "The password of your account was changed.",
        advice: "If you did not do this, reset your password at once and contact support; then review your devices.",
        action: devices,
      };
    case "totp_changed":
      return {
        subject: "Your SessionGuard authenticator app was changed",
        title: "Your authenticator app was changed",
        intro: "The authenticator app (two-step verification) of your account was changed.",
        advice: "If you did not do this, contact support at once and review your devices.",
        action: devices,
      };
    case "passkey_added":
      return {
        subject: "A passkey was added to your SessionGuard account",
        title: "A passkey was added",
        intro: "A new passkey was added to your account. It can now be used to sign in and to confirm it is you.",
        advice: "If you did not do this, remove it on the Authenticator page, contact support at once and review your devices.",
        action: devices,
      };
    case "passkey_removed":
      return {
        subject: "A passkey was removed from your SessionGuard account",
        title: "A passkey was removed",
        intro: "A passkey was removed from your account. It can no longer be used to sign in.",
        advice: "If you did not do this, contact support at once and review your devices.",
        action: devices,
      };
    case "stepup_suspended":
      return {
        subject: "A session of your SessionGuard account was suspended",
        title: "A session was suspended after too many wrong codes",
        intro: "One of your sessions entered too many wrong authentication codes when asked to confirm it was you, so we suspended that session. Your own sign-in is not blocked.",
        advice: "If this was not you, someone may hold a copy of that session: change your password and review your devices.",
        action: devices,
      };
    case "reset_requests_capped":
      return {
        subject: "Many password reset requests for your SessionGuard account",
        title: "Many password reset requests",
        intro: "Your account received many password reset requests in the last hour, so we stopped sending reset mails for it for a while. The last request came from:",
        advice: "If these were not you, nothing changed: your password stays as it is. If you need a reset yourself, try again in an hour, or sign in and change your password from your account page.",
        action: devices,
      };
  }
}

function renderText(intro: string, rows: [string, string][], advice: string, action: { label: string; url: string }, outro?: string): string {
  const lines = [intro, "", ...rows.map(([k, v]) => `${k}: ${v}`), "", advice, "", `${action.label}: ${action.url}`];
  if (outro) lines.push("", outro);
  lines.push("", "— SessionGuard security");
  return lines.join("\n");
}

function renderHtml(title: string, intro: string, rows: [string, string][], advice: string, action: { label: string; url: string }, outro?: string): string {
  const e = escapeHtml;
  const tableRows = rows
    .map(([k, v]) => `<tr><th align="left" style="padding:2px 12px 2px 0;color:#475569">${e(k)}</th><td style="padding:2px 0">${e(v)}</td></tr>`)
    .join("");
  return [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a">`,
    `<h1 style="font-size:18px">${e(title)}</h1>`,
    `<p>${e(intro)}</p>`,
    `<table role="presentation">${tableRows}</table>`,
    `<p>${e(advice)}</p>`,
    `<p><a href="${e(action.url)}">${e(action.label)}</a><br><span style="color:#475569">${e(action.url)}</span></p>`,
    outro ? `<p>${e(outro)}</p>` : "",
    `<p style="color:#64748b">— SessionGuard security</p>`,
    `</body></html>`,
  ].join("");
}

/** Mail + notification for a security alert. Contains no token of any kind by construction. */
export function renderAlert(kind: AlertKind, ctx: MailContext, appUrl: string): RenderedAlert {
  const c = alertContent(kind, appUrl);
  const rows = facts(ctx);
  return {
    subject: c.subject,
    title: c.title,
    body: [c.intro, ...rows.map(([k, v]) => `${k}: ${v}`), c.advice].join("\n"),
    text: renderText(c.intro, rows, c.advice, c.action),
    html: renderHtml(c.title, c.intro, rows, c.advice, c.action),
  };
}

export const RESET_SUBJECT = "Reset your SessionGuard password";

/** The one mail that carries a secret: the single-use reset link. */
export function renderPasswordReset(input: { appUrl: string; token: string; validMinutes: number; ctx: MailContext }): RenderedMail {
  const intro = "Someone (hopefully you) asked to reset the password of your SessionGuard account. The request came from:";
  const advice = `The link below is valid for ${input.validMinutes} minutes and works once. After the reset every session of your account is signed out, and signing in still needs your authentication code.`;
  const action = { label: "Set a new password", url: resetUrl(input.appUrl, input.token) };
  const outro = "If you did not ask for this, ignore this mail: your password stays as it is. Never forward this mail or its link to anyone.";
  const rows = facts(input.ctx);
  return {
    subject: RESET_SUBJECT,
    text: renderText(intro, rows, advice, action, outro),
    html: renderHtml("Reset your password", intro, rows, advice, action, outro),
  };
}

export const EMAIL_CONFIRM_SUBJECT = "Confirm your new SessionGuard email address";
export const EMAIL_NOTICE_SUBJECT = "Your SessionGuard email address is about to change";

export function emailConfirmUrl(appUrl: string, token: string): string {
  return `${base(appUrl)}/email-change/confirm?token=${encodeURIComponent(token)}`;
}

export function emailCancelUrl(appUrl: string, token: string): string {
  return `${base(appUrl)}/email-change/cancel?token=${encodeURIComponent(token)}`;
}

/** To the NEW address: the single-use link that makes the change happen. */
export function renderEmailChangeConfirm(input: { appUrl: string; token: string; validMinutes: number; ctx: MailContext }): RenderedMail {
  const intro = "Someone signed in to a SessionGuard account asked to use this address for it. The request came from:";
  const advice = `Open the link below to confirm: the account's address changes only then. It is valid for ${input.validMinutes} minutes and works once.`;
  const action = { label: "Confirm this address", url: emailConfirmUrl(input.appUrl, input.token) };
  const outro = "If you did not ask for this, ignore this mail: nothing changes.";
  const rows = facts(input.ctx);
  return { subject: EMAIL_CONFIRM_SUBJECT, text: renderText(intro, rows, advice, action, outro), html: renderHtml("Confirm your new address", intro, rows, advice, action, outro) };
}

/** To the OLD address, at once: what is about to change and the one-click "This wasn't me". */
export function renderEmailChangeNotice(input: { appUrl: string; cancelToken: string; newEmail: string; validMinutes: number; ctx: MailContext }): RenderedMail {
  const intro = "A request was made to change the email address of your SessionGuard account. It was confirmed with your authentication code. The request came from:";
  const rows: [string, string][] = [["New address", oneLine(input.newEmail, 254)], ...facts(input.ctx)];
  const advice = `Nothing changes until the new address confirms (within ${input.validMinutes} minutes). If this was not you, use the link below (it works for 7 days, even after the change): it cancels or undoes the change, signs out every session of your account and voids your password; then set a new one with "Forgot your password?".`;
  const action = { label: "This wasn't me", url: emailCancelUrl(input.appUrl, input.cancelToken) };
  const outro = "If this was you, there is nothing to do.";
  return { subject: EMAIL_NOTICE_SUBJECT, text: renderText(intro, rows, advice, action, outro), html: renderHtml("Your email address is about to change", intro, rows, advice, action, outro) };
}

export const SIGNUP_CONFIRM_SUBJECT = "Confirm your email address for SessionGuard";
export const SIGNUP_TAKEN_SUBJECT = "Someone tried to create a SessionGuard account with your address";

export function signUpConfirmUrl(appUrl: string, token: string): string {
  return `${base(appUrl)}/verify-email?token=${encodeURIComponent(token)}`;
}

/** To a NEW address at sign-up: the single-use link without which the account cannot sign in. */
export function renderSignUpConfirm(input: { appUrl: string; token: string; validMinutes: number; ctx: MailContext }): RenderedMail {
  const intro = "Someone (hopefully you) created a SessionGuard account with this address. The request came from:";
  const advice = `Open the link below to confirm the address; until then the account cannot sign in or set up an authenticator app. It is valid for ${input.validMinutes} minutes and works once.`;
  const action = { label: "Confirm my address", url: signUpConfirmUrl(input.appUrl, input.token) };
  const outro = "If you did not create this account, do not open the link: without it the account stays unusable. If you want an account with this address yourself, use \"Forgot your password?\" on the sign-in page; that makes it yours and removes anything set up by someone else.";
  const rows = facts(input.ctx);
  return { subject: SIGNUP_CONFIRM_SUBJECT, text: renderText(intro, rows, advice, action, outro), html: renderHtml("Confirm your email address", intro, rows, advice, action, outro) };
}

/** To an address that already has an account, when someone signs up with it again. No link that changes anything. */
export function renderSignUpTaken(input: { appUrl: string; ctx: MailContext }): RenderedMail {
  const intro = "Someone tried to create a SessionGuard account with this address, which already has one. The attempt came from:";
  const advice = "Nothing was changed. If it was you, sign in instead; if you forgot your password, reset it with the link below (it goes only to this address).";
  const action = { label: "Reset your password", url: `${base(input.appUrl)}/forgot-password` };
  const outro = "If it was not you, there is nothing to do: your account and its password stay as they are.";
  const rows = facts(input.ctx);
  return { subject: SIGNUP_TAKEN_SUBJECT, text: renderText(intro, rows, advice, action, outro), html: renderHtml("Someone tried to sign up with your address", intro, rows, advice, action, outro) };
}
