import { CloudError } from "./errors";

/** What a describe call says of one image. An image missing from the answer is gone. */
export interface ImageStatus {
    phase: "pending" | "ready" | "failed";
    /** The cloud's own state name (IMPORTING, NORMAL, Available, ...). */
    state: string;
    progress?: number;
    /** The cloud's reason for a failure, when it gives one. */
    reason?: string;
    /** Cloud-reported outputs (state, size, creation time, current name, ...). */
    outputs: Record<string, unknown>;
}

export type Describe = (ids: string[]) => Promise<Map<string, ImageStatus>>;

export interface WaitRequest {
    /** Images in one group (cloud, account, region) are described together, one call per tick. */
    group: string;
    describe: Describe;
    batchSize: number;
    id: string;
    /** Stop waiting when this holds; `undefined` means the image is gone. */
    until(status: ImageStatus | undefined): boolean;
    deadline: number;
    onChange?(status: ImageStatus | undefined): void;
    /** Called on ticks where nothing changed, so long waits can show they are alive. */
    onUnchanged?(status: ImageStatus | undefined): void;
}

export class WaitTimeoutError extends Error {
    constructor(
        readonly id: string,
        readonly last: ImageStatus | undefined,
        what = "timed out",
    ) {
        super(`${what} waiting for image ${id}${last ? ` (last state ${last.state}${last.progress !== undefined ? `, ${last.progress}%` : ""})` : ""}`);
        this.name = "WaitTimeoutError";
    }
}

interface Waiter {
    req: WaitRequest;
    last?: ImageStatus;
    seen: boolean;
    resolve(s: ImageStatus | undefined): void;
    reject(e: Error): void;
}

interface Group {
    waiters: Set<Waiter>;
    intervalMs: number;
    timer?: NodeJS.Timeout;
    /** A tick is in flight; a waiter that joins meanwhile gets a tick right after it. */
    running: boolean;
    again: boolean;
    describe: Describe;
    batchSize: number;
}

export interface PollerOptions {
    minIntervalMs: number;
    maxIntervalMs: number;
    /** Backoff factor while nothing changes. */
    growth?: number;
    /** ± fraction of each interval, so many processes do not poll in lockstep. */
    jitter?: number;
}

/**
 * One poller per process. All images waiting in the same account and region share one describe
 * call per tick (batched up to the API's page size), so a stack of hundreds of images costs a few
 * calls per tick instead of hundreds. The interval grows while nothing changes, up to a cap, and
 * drops back when a new image starts waiting or one makes progress.
 */
export class Poller {
    private readonly groups = new Map<string, Group>();

    constructor(private options: PollerOptions) {}

    configure(options: PollerOptions): void {
        this.options = options;
    }

    wait(req: WaitRequest): Promise<ImageStatus | undefined> {
        return new Promise((resolve, reject) => {
            let group = this.groups.get(req.group);
            if (!group) {
                group = { waiters: new Set(), intervalMs: this.options.minIntervalMs, running: false, again: false, describe: req.describe, batchSize: req.batchSize };
                this.groups.set(req.group, group);
            }
            group.waiters.add({ req, seen: false, resolve, reject });
            group.intervalMs = this.options.minIntervalMs;
            // The first look is immediate: an image may already be settled (resumed waits, deletes).
            this.schedule(req.group, group, 0);
        });
    }

    /** Number of describe calls made, for benchmarks. */
    describeCalls = 0;

    private schedule(key: string, group: Group, delayMs: number): void {
        if (group.running) {
            if (delayMs === 0) group.again = true;
            return;
        }
        if (group.timer) {
            if (delayMs > 0) return;
            clearTimeout(group.timer);
        }
        group.timer = setTimeout(() => void this.tick(key, group), delayMs);
    }

    private async tick(key: string, group: Group): Promise<void> {
        group.timer = undefined;
        group.running = true;
        try {
            await this.describeAll(group);
        } finally {
            group.running = false;
        }
        this.afterTick(key, group);
    }

    private changedInTick = new WeakMap<Group, boolean>();

    private async describeAll(group: Group): Promise<void> {
        const waiters = [...group.waiters];
        const ids = [...new Set(waiters.map((w) => w.req.id))];
        let changed = false;
        for (let i = 0; i < ids.length; i += group.batchSize) {
            const batch = ids.slice(i, i + group.batchSize);
            let found: Map<string, ImageStatus> | undefined;
            try {
                this.describeCalls++;
                found = await group.describe(batch);
            } catch (e) {
                // A describe that failed after its own retries: transient trouble keeps everyone
                // waiting (until their deadlines); anything else ends the waits of this batch.
                if (!(e instanceof CloudError && e.retryable)) {
                    for (const w of waiters) if (batch.includes(w.req.id)) this.settle(group, w, () => w.reject(e as Error));
                }
                continue;
            }
            for (const w of waiters) {
                if (!batch.includes(w.req.id)) continue;
                const status = found.get(w.req.id);
                if (!w.seen || status?.state !== w.last?.state || status?.progress !== w.last?.progress) {
                    changed = true;
                    w.req.onChange?.(status);
                } else {
                    w.req.onUnchanged?.(status);
                }
                w.seen = true;
                w.last = status;
                if (w.req.until(status)) this.settle(group, w, () => w.resolve(status));
            }
        }
        this.changedInTick.set(group, changed);
    }

    private afterTick(key: string, group: Group): void {
        const changed = this.changedInTick.get(group) ?? false;
        const now = Date.now();
        for (const w of group.waiters) {
            if (now >= w.req.deadline) this.settle(group, w, () => w.reject(new WaitTimeoutError(w.req.id, w.last)));
        }
        if (group.waiters.size === 0) {
            this.groups.delete(key);
            return;
        }
        const { minIntervalMs, maxIntervalMs, growth = 1.5, jitter = 0.2 } = this.options;
        group.intervalMs = changed ? minIntervalMs : Math.min(maxIntervalMs, group.intervalMs * growth);
        const nextDeadline = Math.min(...[...group.waiters].map((w) => w.req.deadline));
        const jittered = group.intervalMs * (1 - jitter + Math.random() * 2 * jitter);
        const delay = group.again ? 0 : Math.max(1, Math.min(jittered, nextDeadline - now));
        group.again = false;
        this.schedule(key, group, delay);
    }

    private settle(group: Group, w: Waiter, done: () => void): void {
        if (!group.waiters.delete(w)) return;
        done();
    }
}
