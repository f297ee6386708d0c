export interface LogEntry {
    seq: number;
    time: string;
    cloud: string;
    action: string;
    account?: string;
    region?: string;
    /** HTTP status sent, or 0 when the response was dropped on purpose. */
    status: number;
    errorCode?: string;
    fault?: string;
    /** Request parameters with secrets removed (signatures and keys are never logged). */
    params?: Record<string, unknown>;
}

/** Bounded log of the calls served, for tests that assert how a client behaved. */
export class RequestLog {
    private entries: LogEntry[] = [];
    private seq = 0;

    constructor(private readonly limit = 5000) {}

    add(entry: Omit<LogEntry, "seq">): void {
        this.entries.push({ seq: ++this.seq, ...entry });
        if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    }

    query(filter: { cloud?: string; action?: string; since?: number } = {}): LogEntry[] {
        return this.entries.filter(
            (e) =>
                (!filter.cloud || e.cloud === filter.cloud) &&
                (!filter.action || e.action === filter.action) &&
                (!filter.since || e.seq > filter.since),
        );
    }

    reset(): void {
        this.entries = [];
    }
}
