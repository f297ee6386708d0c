import { parseDuration } from "./duration";
import { isPlainObject } from "./validate";

/** Deadlines for the operations Pulumi's customTimeouts cannot reach in a dynamic provider. */
export interface Timeouts {
    /** Wait for a new import, e.g. "90m" or "6h" (default "6h"). */
    create?: string;
    /** Wait when `up` resumes an unfinished import, plus in-place changes (default "6h"). */
    update?: string;
    /** Wait until the image is gone (default "1h"). */
    delete?: string;
}

/** Large imports take hours; a generous default beats a failed `up` that must be resumed. */
export const DEFAULT_TIMEOUTS = { create: "6h", update: "6h", delete: "1h" } as const;

export type Operation = keyof typeof DEFAULT_TIMEOUTS;

export function deadlineFor(inputs: Record<string, unknown>, op: Operation, now = Date.now()): { deadline: number; text: string } {
    const t = isPlainObject(inputs.timeouts) ? inputs.timeouts : {};
    const text = typeof t[op] === "string" ? (t[op] as string) : DEFAULT_TIMEOUTS[op];
    return { deadline: now + (parseDuration(text) ?? parseDuration(DEFAULT_TIMEOUTS[op])!), text };
}
