/**
 * The emulator's notion of "now". Everything time-based (signature skew windows, import progress,
 * rate-limit windows) reads it, so tests can skew or advance time instead of sleeping, and captured
 * requests can be replayed at the moment they were signed.
 */
export class Clock {
    private skewMs = 0;
    private importsAheadMs = 0;

    now(): number {
        return Date.now() + this.skewMs;
    }

    /**
     * The time imports progress by: `now()` plus what `advanceImports` added. Fast-forwarding an
     * hour-long import this way leaves signature windows alone, so later calls still verify.
     */
    importNow(): number {
        return this.now() + this.importsAheadMs;
    }

    advanceImports(ms: number): void {
        this.importsAheadMs += ms;
    }

    advance(ms: number): void {
        this.skewMs += ms;
    }

    set(epochMs: number): void {
        this.skewMs = epochMs - Date.now();
    }

    skew(): number {
        return this.skewMs;
    }

    reset(): void {
        this.skewMs = 0;
        this.importsAheadMs = 0;
    }
}
