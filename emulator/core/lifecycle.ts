import type { EmulatorOptions } from "./options";

/**
 * When an import started from `source` at `startMs` finishes and how it ends. State is derived from
 * the clock when read, never advanced by timers, so skewing the clock or restarting the emulator
 * moves imports along consistently.
 */
export interface ImportPlan {
    startedAt: number;
    readyAt: number;
    fails: boolean;
}

export function planImport(options: EmulatorOptions, source: string, startMs: number): ImportPlan {
    let delay = options.importDelayMs;
    for (const [marker, ms] of Object.entries(options.importDelayBySource)) {
        if (source.includes(marker)) delay = ms;
    }
    return {
        startedAt: startMs,
        readyAt: startMs + delay,
        fails: options.failureMarker !== "" && source.includes(options.failureMarker),
    };
}

export type Phase = "pending" | "ready" | "failed";

export function phaseOf(plan: ImportPlan, nowMs: number): Phase {
    if (nowMs < plan.readyAt) return "pending";
    return plan.fails ? "failed" : "ready";
}

/** 0..100, for clouds that report progress. */
export function progressOf(plan: ImportPlan, nowMs: number): number {
    const total = plan.readyAt - plan.startedAt;
    if (total <= 0 || nowMs >= plan.readyAt) return 100;
    return Math.max(0, Math.min(99, Math.floor(((nowMs - plan.startedAt) / total) * 100)));
}

/** The plan of an image imported long ago: ready (or as it ended) since an hour before `nowMs`. */
export function pastImport(nowMs: number): ImportPlan {
    return { startedAt: nowMs - 2 * 3600_000, readyAt: nowMs - 3600_000, fails: false };
}
