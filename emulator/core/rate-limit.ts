/**
 * Fixed one-second windows per key, the way the clouds describe their limits ("N requests in a
 * second"). Returns the count in the current window when the call is over the limit.
 */
export class RateLimiter {
    private windows = new Map<string, { second: number; count: number }>();

    take(key: string, limit: number, nowMs: number): { ok: true } | { ok: false; count: number } {
        const second = Math.floor(nowMs / 1000);
        let w = this.windows.get(key);
        if (!w || w.second !== second) {
            w = { second, count: 0 };
            this.windows.set(key, w);
        }
        w.count += 1;
        return w.count > limit ? { ok: false, count: w.count } : { ok: true };
    }

    reset(): void {
        this.windows.clear();
    }
}
