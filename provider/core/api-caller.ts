import { CloudError } from "./errors";
import { SlidingWindowLimiter } from "./rate-limiter";
import { GaveUp, keepTrying } from "./retry";

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

    async call<T>(action: string, fn: () => Promise<T>, opts: { idempotent?: boolean } = {}): Promise<T> {
        const idempotent = opts.idempotent ?? true;
        const limit = this.o.limits[action];
        const once = async () => {
            if (limit) await limiter.acquire(`${this.o.cloud}|${this.o.scope}|${action}`, limit);
            await this.o.prepare?.();
            try {
                return { value: await fn() };
            } catch (e) {
                throw this.o.normalize(e, action);
            }
        };
        try {
            const answer = await keepTrying(once, {
                attempts: (this.o.retries ?? 6) + 1,
                minMs: this.o.startingDelayMs ?? 500,
                maxMs: 20_000,
                // Full jitter: callers throttled together spread out rather than retry in step.
                jitter: 1,
                until: Number.POSITIVE_INFINITY,
                retryable: (e: unknown) => e instanceof CloudError && (e.kind === "throttled" || (idempotent && e.kind === "transient")),
            });
            return answer!.value;
        } catch (e) {
            throw e instanceof GaveUp ? e.last : e;
        }
    }
}
