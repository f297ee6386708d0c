import { backOff } from "exponential-backoff";
import { CloudError } from "./errors";
import { SlidingWindowLimiter } from "./rate-limiter";

/** One limiter per process: every resource of every stack in this host shares the clouds' quotas. */
const limiter = new SlidingWindowLimiter();

export interface CallerOptions {
    cloud: string;
    /** Who and where the calls go (account and region), so quotas are counted per key. */
    scope: string;
    /** Documented requests per second for each action. */
    limits: Record<string, number>;
    normalize(e: unknown, action: string): CloudError;
    /** Run before each attempt, its errors passed on as they are (credentials fetched from a provider). */
    prepare?(): Promise<void>;
    /** Retries after the first attempt for retryable errors. */
    retries?: number;
    startingDelayMs?: number;
}

/**
 * Every SDK call goes through here: the client-side limit, then the call, with retries and capped,
 * jittered backoff for errors that are safe to repeat. A non-idempotent call (an import) is only
 * repeated when the cloud rejected it before doing anything (throttling); whether an ambiguous
 * failure created something is the caller's question.
 */
export class ApiCaller {
    constructor(private readonly o: CallerOptions) {}

    call<T>(action: string, fn: () => Promise<T>, opts: { idempotent?: boolean } = {}): Promise<T> {
        const idempotent = opts.idempotent ?? true;
        const limit = this.o.limits[action];
        return backOff(
            async () => {
                if (limit) await limiter.acquire(`${this.o.cloud}|${this.o.scope}|${action}`, limit);
                await this.o.prepare?.();
                try {
                    return await fn();
                } catch (e) {
                    throw this.o.normalize(e, action);
                }
            },
            {
                numOfAttempts: (this.o.retries ?? 6) + 1,
                startingDelay: this.o.startingDelayMs ?? 500,
                timeMultiple: 2,
                maxDelay: 20_000,
                jitter: "full",
                retry: (e: unknown) =>
                    e instanceof CloudError && (e.kind === "throttled" || (idempotent && e.kind === "transient")),
            },
        );
    }
}
