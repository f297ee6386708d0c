/**
 * Client-side limits per (cloud, account, region, action), shared by every resource in the process.
 * A sliding window (at most N grants in any rolling window) never exceeds a server that counts fixed
 * one-second windows, which a token bucket can (a full bucket plus a second's refill). The window is
 * a second plus 20 ms for jitter between grant and arrival: 98% of the documented rate (a 100 ms margin
 * cost 7%); a call that still lands in a full server window is throttled and retried by the caller.
 */
export class SlidingWindowLimiter {
    private readonly grants = new Map<string, number[]>();
    private readonly chains = new Map<string, Promise<void>>();

    constructor(private readonly windowMs = 1020) {}

    acquire(key: string, perSecond: number): Promise<void> {
        // Grants for one key are handed out in order, each after the previous one's slot is known.
        const prev = this.chains.get(key) ?? Promise.resolve();
        const next = prev.then(() => this.wait(key, perSecond));
        this.chains.set(key, next);
        return next;
    }

    private async wait(key: string, perSecond: number): Promise<void> {
        const times = this.grants.get(key) ?? [];
        const now = Date.now();
        while (times.length && now - times[0] >= this.windowMs) times.shift();
        if (times.length >= perSecond) {
            const delay = times[0] + this.windowMs - now;
            await new Promise((r) => setTimeout(r, delay));
            times.shift();
        }
        times.push(Date.now());
        this.grants.set(key, times);
    }
}

/** Where a cloud publishes no rate: where to start, and the floor and ceiling of the pace. */
export interface AdaptivePace {
    start: number;
    min: number;
    max: number;
}

/**
 * A pace per key for clouds that publish no rate, learnt from their answers as the AWS SDKs' adaptive
 * retry mode does (additive increase, multiplicative decrease): a throttled answer cuts it to 70%, and each
 * call that goes through raises it by a tenth over the current pace, about one more request a second for
 * every ten seconds at full pace, so that probing for headroom costs a throttled answer now and then, not a
 * burst of them. Shared by every resource in the process, like the limiter it feeds.
 */
export class AdaptiveRates {
    private readonly rates = new Map<string, number>();

    /** The whole number of requests a second to allow now. */
    rate(key: string, pace: AdaptivePace): number {
        return Math.max(pace.min, Math.floor(this.rates.get(key) ?? pace.start));
    }

    throttled(key: string, pace: AdaptivePace): void {
        this.rates.set(key, Math.max(pace.min, (this.rates.get(key) ?? pace.start) * 0.7));
    }

    passed(key: string, pace: AdaptivePace): void {
        const r = this.rates.get(key) ?? pace.start;
        this.rates.set(key, Math.min(pace.max, r + 0.1 / r));
    }
}
