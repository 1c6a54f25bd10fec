// From signals to a graded decision, with the policy that fired and a plain-words explanation.
import type { RiskConfig } from "./config";

export type SignalId = keyof RiskConfig["weights"];
export type SignalClass = "identity" | "automation";
export interface Signal { id: SignalId; class: SignalClass; value: Record<string, unknown>; reason: string }
export type Action = "allow" | "log" | "step_up" | "challenge" | "suspend";
export type RequestKind = "ordinary" | "sensitive";

export interface Decision {
  action: Action;
  score: number;
  kind: RequestKind;
  policy: string;
  signals: (Signal & { weight: number })[];
  explanation: string;
}

function joinReasons(reasons: string[]): string {
  if (reasons.length <= 1) return reasons[0] ?? "";
  return `${reasons.slice(0, -1).join(", ")} and ${reasons.at(-1)}`;
}

export function explain(action: Action, reasons: string[]): string {
  const why = joinReasons(reasons);
  switch (action) {
    case "allow": return "Nothing unusual.";
    case "log": return `We noted this request because ${why}.`;
    case "step_up": return `We asked for your code because ${why}.`;
    case "challenge": return `We asked your browser to solve a short puzzle because ${why}.`;
    case "suspend": return `We suspended this session because ${why}.`;
  }
}

/**
 * Scores the signals. At or above `respond`, identity signals (network, browser, place,
 * failures) lead to a step-up, automation signals (speed, missing browser metadata) to a
 * proof-of-work challenge, whichever class weighs more; at `suspend` the session is suspended.
 */
export function decide(signals: Signal[], kind: RequestKind, cfg: RiskConfig): Decision {
  const weighted = signals.map((s) => ({ ...s, weight: cfg.weights[s.id] })).filter((s) => s.weight > 0);
  const score = weighted.reduce((a, s) => a + s.weight, 0);
  const t = cfg.thresholds[kind];
  let action: Action = "allow";
  if (score >= t.suspend) action = "suspend";
  else if (score >= t.respond) {
    const identity = weighted.filter((s) => s.class === "identity").reduce((a, s) => a + s.weight, 0);
    // A sensitive action always needs the person (their code), not just a browser's CPU.
    action = kind === "sensitive" || identity >= score - identity ? "step_up" : "challenge";
  } else if (score >= t.log && score > 0) action = "log";
  const reasons = [...weighted].sort((a, b) => b.weight - a.weight).map((s) => s.reason);
  return { action, score, kind, policy: `${kind}.${action}`, signals: weighted, explanation: explain(action, reasons) };
}
