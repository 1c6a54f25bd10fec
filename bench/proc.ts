// /proc readings for a process group (Linux only): CPU time (utime+stime) and memory of every
// process in the group, so a wrapper (tsx) and its node child are both counted.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let ticksPerSecond: number | undefined;
function clkTck(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { timeout: 5000 }).toString().trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Fields of /proc/<pid>/stat after the command name: index 0 is field 3 (state). */
function statFields(pid: string): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    return raw.slice(raw.lastIndexOf(") ") + 2).split(" ");
  } catch {
    return null; // the process ended between readdir and read
  }
}

/** PIDs whose process group is `pgid`. */
export function groupPids(pgid: number): string[] {
  const out: string[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(name);
    if (f && Number(f[2]) === pgid) out.push(name); // field 5: pgrp
  }
  return out;
}

/** user+system CPU of the whole group, in ms (threads and GC included). */
export function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const pid of groupPids(pgid)) {
    const f = statFields(pid);
    if (f) ticks += Number(f[11]) + Number(f[12]); // fields 14, 15: utime, stime
  }
  return (ticks * 1000) / clkTck();
}

/** VmRSS and VmHWM (peak) summed over the group, in MiB. */
export function groupMemoryMiB(pgid: number): { rss: number; hwm: number } {
  let rss = 0;
  let hwm = 0;
  for (const pid of groupPids(pgid)) {
    try {
      const s = readFileSync(`/proc/${pid}/status`, "utf8");
      rss += Number(s.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
      hwm += Number(s.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
    } catch {
      // ended meanwhile
    }
  }
  return { rss: rss / 1024, hwm: hwm / 1024 };
}
