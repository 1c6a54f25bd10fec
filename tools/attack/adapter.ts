// The adapter: everything the simulator needs to know about a target app (paths, labels, cookie
// names). tools/attack/adapters/sessionguard.json is the default; docs/simulator.md has the format.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface EndpointSpec {
  method: string;
  path: string;
  contentType?: string;
  /** Request body; `{email}` and `{password}` are replaced with the credentials. */
  body?: string;
}

export interface Adapter {
  name: string;
  signIn: {
    path: string;
    emailLabel: string;
    passwordLabel: string;
    continueButton: string;
    /** Regex (string) the URL matches on the code step. */
    codeUrl: string;
    codeLabel: string;
    verifyButton: string;
    /** Regex (string) the URL matches once signed in. */
    successUrl: string;
    /** CSS selector of the form's error message. */
    errorSelector: string;
    /** Regexes (strings, case-insensitive) over that message. */
    reusedMessage: string;
    throttledMessage: string;
  };
  session: {
    cookie: string;
    /** Regex (string) a session token matches; used to plant a well-formed fixation cookie. */
    tokenPattern: string;
  };
  /** Other cookies worth analysing (CSRF, pending sign-in); informational. */
  otherCookies: string[];
  /** GET → JSON {csrfToken}; sampled cheaply for the token-strength check. Optional. */
  csrfTokenEndpoint?: string;
  me: { path: string; sessionIdField?: string };
  signOut: { page: string; button: string };
  revoke?: {
    page: string;
    /** CSS selector of the row of one session; `{sessionId}` is replaced. */
    rowSelector: string;
    button: string;
    /** Regex (string) of the confirmation button's name, if the UI asks to confirm. */
    confirmButton?: string;
    doneText?: string;
  };
  /** Pages whose security headers are checked; `protected` ones are fetched with the session. */
  headerPages: { path: string; protected: boolean }[];
  /** Pages (signed in) that display the client address the server believed. */
  ipDisplayPages: string[];
  /** A state-changing endpoint that should need step-up from a new address/browser. Optional. */
  sensitiveEndpoint?: EndpointSpec | null;
  /** Cross-origin probes: each must be refused or change nothing. `setsCookie`: the state change to look for. */
  csrfProbes: (EndpointSpec & { name: string; setsCookie?: string })[];
  /** Response text/location fragments (regexes, case-insensitive) that mean "challenge / step-up". */
  challengeMarkers: string[];
  totp: { periodSeconds: number; digits: number; acceptedSkewSteps: number };
  testHooks: { tokens?: string; expire?: string };
  /**
   * Account lock-out by strangers (issue 13): wrong passwords for the account from `sources`
   * loopback addresses, then the right one from yet another. `callback` is the raw password POST
   * (`{csrfToken}`, `{email}`, `{password}` replaced; the CSRF token from csrfTokenEndpoint);
   * `puzzleMessage`: a regex of an answer that asks for a puzzle instead of refusing. Optional.
   */
  /**
   * Silent email change with a fresh cookie (issue 13): the form with `button` on `page` is
   * posted raw with the victim's cookie, `field` set to an attacker's address and nothing else
   * filled in; `displayPattern` (regex, group 1) reads the account's address from `page`. Optional.
   */
  emailChange?: { page: string; button: string; field: string; displayPattern: string };
  lockout?: { callback: EndpointSpec; attempts: number; sources: number; errorParam: string; puzzleMessage?: string; setsCookie: string };
}

export const DEFAULT_ADAPTER = path.join(path.dirname(fileURLToPath(import.meta.url)), "adapters", "sessionguard.json");

export function loadAdapter(file: string = DEFAULT_ADAPTER): Adapter {
  const raw = JSON.parse(readFileSync(file, "utf8")) as Partial<Adapter>;
  const missing = (["name", "signIn", "session", "me", "signOut", "headerPages", "totp"] as const).filter((k) => raw[k] === undefined);
  if (missing.length) throw new Error(`adapter ${file} is missing: ${missing.join(", ")}`);
  return {
    otherCookies: [],
    ipDisplayPages: [],
    csrfProbes: [],
    challengeMarkers: [],
    testHooks: {},
    sensitiveEndpoint: null,
    ...raw,
  } as Adapter;
}
