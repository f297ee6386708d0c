import { CloudError } from "./errors";
import { AdaptiveRates, SlidingWindowLimiter, type AdaptivePace } from "./rate-limiter";
import { GaveUp, keepTrying } from "./retry";

/** One limiter per process: every resource of every stack in this host shares the clouds' quotas. */
const limiter = new SlidingWindowLimiter();
const paces = new AdaptiveRates();

export interface CallerOptions {
    cloud: string;
    /** Who and where the calls go (account and region), so quotas are counted per key. */
    scope: string;
    /** Documented requests per second for each action. */
    limits: Record<string, number>;
    /** Where the cloud documents no rate, the pace of every action, learnt from its throttling answers. */
    adaptive?: AdaptivePace;
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
        const key = `${this.o.cloud}|${this.o.scope}|${action}`;
        const { adaptive } = this.o;
        const limit = () => (adaptive ? paces.rate(key, adaptive) : this.o.limits[action]);
        const once = async () => {
            const perSecond = limit();
            if (perSecond) await limiter.acquire(key, perSecond);
            await this.o.prepare?.();
            try {
                const value = await fn();
                if (adaptive) paces.passed(key, adaptive);
                return { value };
            } catch (e) {
                const error = this.o.normalize(e, action);
                if (adaptive && error.kind === "throttled") paces.throttled(key, adaptive);
                throw error;
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
