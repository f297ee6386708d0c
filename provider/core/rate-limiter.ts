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
