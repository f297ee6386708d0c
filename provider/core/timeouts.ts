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

/**
 * One operation's deadline, made once when the operation starts and handed to everything it waits for:
 * the import, the finds, the wait for the image and the seal share it, so a create never waits longer
 * than its timeout, however its time is spent.
 */
export class Deadline {
    private constructor(
        /** Epoch ms. */
        readonly at: number,
        /** The timeout as the user wrote it (or the default). */
        readonly text: string,
        readonly op: Operation,
    ) {}

    static of(inputs: Record<string, unknown>, op: Operation, now = Date.now()): Deadline {
        const t = isPlainObject(inputs.timeouts) ? inputs.timeouts : {};
        const text = typeof t[op] === "string" ? (t[op] as string) : DEFAULT_TIMEOUTS[op];
        return new Deadline(now + (parseDuration(text) ?? parseDuration(DEFAULT_TIMEOUTS[op])!), text, op);
    }

    passed(): boolean {
        return Date.now() >= this.at;
    }

    /** The sooner of this deadline and `ms` from now. */
    within(ms: number): number {
        return Math.min(this.at, Date.now() + ms);
    }

    /** "1h (timeouts.delete)": how errors name it. */
    toString(): string {
        return `${this.text} (timeouts.${this.op})`;
    }
}
