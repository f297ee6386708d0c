import { sleep } from "./duration";

/** A pause that grows from `minMs` by `growth` up to `maxMs`, each one jittered by ± `jitter` of itself. */
export interface BackoffOptions {
    minMs: number;
    maxMs: number;
    /** Factor between two pauses (default 2). */
    growth?: number;
    /** ± this fraction of each pause, so that many waits do not move in lockstep (default 0.1; 1 is "full"). */
    jitter?: number;
}

/** The pauses of one backoff, the AWS SDK waiters' way: from a minimum, growing to a maximum, jittered. */
export class Backoff {
    private current: number;

    constructor(private readonly o: BackoffOptions) {
        this.current = o.minMs;
    }

    /** The pause now, jittered. */
    pause(): number {
        const { jitter = 0.1 } = this.o;
        return Math.max(0, Math.round(this.current * (1 + jitter * (2 * Math.random() - 1))));
    }

    /** The pause grows (trouble goes on). */
    grow(): void {
        this.current = Math.min(this.o.maxMs, this.current * (this.o.growth ?? 2));
    }

    /** Back to the minimum (the trouble is over). */
    reset(): void {
        this.current = this.o.minMs;
    }

    /** The pause now, and the one after it grows. */
    next(): number {
        const pause = this.pause();
        this.grow();
        return pause;
    }
}

export interface KeepTryingOptions extends BackoffOptions {
    /** No try starts after this (epoch ms); the first one always runs. */
    until: number;
    /** At most this many tries. */
    attempts?: number;
    /** An error worth another try (throttling, a gateway's page); any other ends the loop. */
    retryable?(e: unknown): boolean;
    /** Ends the wait at once, with the signal's reason. */
    signal?: AbortSignal;
}

/** What `keepTrying` ends with when no try answered: the last retryable error, if any. */
export class GaveUp extends Error {
    constructor(readonly last: unknown) {
        super(last instanceof Error ? last.message : "gave up");
        this.name = "GaveUp";
    }
}

/**
 * The one way the core waits for something that is not polled: `attempt` runs until it answers (anything
 * but undefined), with a growing, jittered pause between tries that never runs past `until`. A retryable
 * error is another try; at `until` (or after `attempts`) the answer is undefined, or GaveUp carrying the
 * last retryable error when every try failed.
 */
export async function keepTrying<T>(attempt: (n: number) => Promise<T | undefined>, o: KeepTryingOptions): Promise<T | undefined> {
    const pauses = new Backoff(o);
    let failure: { e: unknown } | undefined;
    for (let n = 1; ; n++) {
        o.signal?.throwIfAborted();
        try {
            const answer = await attempt(n);
            if (answer !== undefined) return answer;
            failure = undefined;
        } catch (e) {
            if (!o.retryable?.(e)) throw e;
            failure = { e };
        }
        const left = o.until - Date.now();
        if (left <= 0 || (o.attempts !== undefined && n >= o.attempts)) {
            if (failure) throw new GaveUp(failure.e);
            return undefined;
        }
        await pause(Math.min(pauses.next(), left), o.signal);
    }
}

/** A sleep that an abort signal ends early, with the signal's reason. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
    if (!signal) return sleep(ms);
    return new Promise((resolve, reject) => {
        const done = () => {
            clearTimeout(timer);
            signal.removeEventListener("abort", aborted);
        };
        const aborted = () => {
            done();
            reject(signal.reason);
        };
        const timer = setTimeout(() => {
            done();
            resolve();
        }, ms);
        signal.addEventListener("abort", aborted, { once: true });
    });
}
