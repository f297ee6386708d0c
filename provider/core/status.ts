/** What a describe call says of one image, in the cloud's own words. */
export interface CloudImage {
    /** The cloud's state name (IMPORTING, NORMAL, Available, ...). */
    state: string;
    progress?: number;
    /** The cloud's reason for a failure, when it gives one. */
    reason?: string;
    /** Cloud-reported outputs (size, creation time, current name, ...). */
    outputs: Record<string, unknown>;
    /** The image still carries an import's mark: its create has not sealed it yet (see mark.ts). */
    marked?: boolean;
}

export type Phase = "pending" | "ready" | "failed";

/**
 * A cloud's import states as data (the AWS SDK waiters' way): which mean ready, which failed. Any other
 * state, including one the cloud adds later, is still on the way.
 */
export interface StateTable {
    ready: readonly string[];
    failed: readonly string[];
    /** Failure states the cloud does not document, recognised by their name (ECM's `...FAILED`). */
    failedPattern?: RegExp;
    /** Why a failed state failed, when the cloud's answer says nothing more. */
    failedReason?(state: string): string;
}

export interface ImageStatus extends CloudImage {
    phase: Phase;
}

export function phaseOf(states: StateTable, state: string): Phase {
    if (states.ready.includes(state)) return "ready";
    if (states.failed.includes(state) || states.failedPattern?.test(state)) return "failed";
    return "pending";
}

export function statusOf(states: StateTable, image: CloudImage): ImageStatus {
    const phase = phaseOf(states, image.state);
    const reason = phase === "failed" ? (image.reason ?? states.failedReason?.(image.state)) : image.reason;
    return { ...image, phase, reason };
}
