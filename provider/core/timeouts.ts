import { parseDuration } from "./duration";
import { isPlainObject } from "./validate";

/** Large imports take hours; a generous default beats a failed `up` that must be resumed. */
export const DEFAULT_TIMEOUTS = { create: "6h", update: "6h", delete: "1h" } as const;

export type Operation = keyof typeof DEFAULT_TIMEOUTS;

export function deadlineFor(inputs: Record<string, unknown>, op: Operation, now = Date.now()): { deadline: number; text: string } {
    const t = isPlainObject(inputs.timeouts) ? inputs.timeouts : {};
    const text = typeof t[op] === "string" ? (t[op] as string) : DEFAULT_TIMEOUTS[op];
    return { deadline: now + (parseDuration(text) ?? parseDuration(DEFAULT_TIMEOUTS[op])!), text };
}
