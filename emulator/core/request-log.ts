/** One call served by an emulated cloud, as the request log records it. */
export interface LogEntry {
    /** Increasing number of the entry; pass the last one seen as `since` to get only later calls. */
    seq: number;
    /** When the call arrived, by the emulator's clock, as an ISO 8601 string. */
    time: string;
    /** The emulated cloud that served the call, e.g. "tencent-cvm". */
    cloud: string;
    /** The API action as the cloud names it, or "?" when the request could not be parsed that far. */
    action: string;
    /** The caller's account, derived from the access key, when it was known. */
    account?: string;
    /** The region the call named, when it was known. */
    region?: string;
    /** HTTP status sent, or 0 when the response was dropped on purpose. */
    status: number;
    /** The cloud error code of the answer, when it was an error. */
    errorCode?: string;
    /** The mode of the injected fault that hit this call, if one did. */
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
