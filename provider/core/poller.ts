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
    deadlineTimer: NodeJS.Timeout;
    resolve(s: ImageStatus | undefined): void;
    reject(e: Error): void;
}

interface Group {
    key: string;
    waiters: Set<Waiter>;
    intervalMs: number;
    timer?: NodeJS.Timeout;
    /** When the pending timer fires. */
    dueAt: number;
    /** A tick is in flight; a waiter that joins meanwhile is looked at by the next one. */
    running: boolean;
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
 * drops back when something does. A new waiter is looked at within the minimum interval without
 * resetting the group's backoff, so a stream of new imports cannot turn polling into a busy loop.
 * Each waiter has its own deadline timer: a slow describe (with its retries) cannot overrun it.
 */
export class Poller {
    private readonly groups = new Map<string, Group>();
    /** Number of describe calls made, for benchmarks. */
    describeCalls = 0;

    constructor(private options: PollerOptions) {}

    configure(options: PollerOptions): void {
        this.options = options;
    }

    wait(req: WaitRequest): Promise<ImageStatus | undefined> {
        return new Promise((resolve, reject) => {
            let group = this.groups.get(req.group);
            if (!group) {
                group = { key: req.group, waiters: new Set(), intervalMs: this.options.minIntervalMs, dueAt: 0, running: false, describe: req.describe, batchSize: req.batchSize };
                this.groups.set(req.group, group);
            }
            const g = group;
            const waiter: Waiter = {
                req,
                seen: false,
                resolve,
                reject,
                deadlineTimer: setTimeout(() => this.settle(g, waiter, () => reject(new WaitTimeoutError(req.id, waiter.last))), Math.max(0, req.deadline - Date.now())),
            };
            g.waiters.add(waiter);
            // A brand-new group looks at once (resumed waits and deletes are often settled already).
            this.schedule(req.group, g, g.waiters.size === 1 && !g.running ? 0 : this.options.minIntervalMs);
        });
    }

    /** Makes sure a tick happens within `delayMs`; never postpones one that is due sooner. */
    private schedule(key: string, group: Group, delayMs: number): void {
        if (group.running) return;
        const dueAt = Date.now() + delayMs;
        if (group.timer && group.dueAt <= dueAt) return;
        if (group.timer) clearTimeout(group.timer);
        group.dueAt = dueAt;
        group.timer = setTimeout(() => void this.tick(key, group), delayMs);
    }

    private async tick(key: string, group: Group): Promise<void> {
        group.timer = undefined;
        group.running = true;
        let changed = false;
        try {
            changed = await this.describeAll(group);
        } catch (e) {
            // Only a bug in a callback gets here; end the waits rather than leave them hanging.
            for (const w of [...group.waiters]) this.settle(group, w, () => w.reject(e as Error));
        } finally {
            group.running = false;
        }
        if (group.waiters.size === 0) {
            if (this.groups.get(key) === group) this.groups.delete(key);
            return;
        }
        const { minIntervalMs, maxIntervalMs, growth = 1.5, jitter = 0.2 } = this.options;
        group.intervalMs = changed ? minIntervalMs : Math.min(maxIntervalMs, group.intervalMs * growth);
        const jittered = group.intervalMs * (1 - jitter + Math.random() * 2 * jitter);
        const joinedDuringTick = [...group.waiters].some((w) => !w.seen);
        this.schedule(key, group, joinedDuringTick ? Math.min(minIntervalMs, jittered) : Math.max(1, jittered));
    }

    /** One tick: every waiting id described in batches; returns whether anything changed. */
    private async describeAll(group: Group): Promise<boolean> {
        const waiters = [...group.waiters];
        const ids = [...new Set(waiters.map((w) => w.req.id))];
        let changed = false;
        for (let i = 0; i < ids.length; i += group.batchSize) {
            const batch = new Set(ids.slice(i, i + group.batchSize));
            let found: Map<string, ImageStatus>;
            try {
                this.describeCalls++;
                found = await group.describe([...batch]);
            } catch (e) {
                // A describe that failed after its own retries: transient trouble keeps everyone
                // waiting (until their deadlines); anything else ends the waits of this batch.
                if (!(e instanceof CloudError && e.retryable)) {
                    for (const w of waiters) if (batch.has(w.req.id)) this.settle(group, w, () => w.reject(e as Error));
                }
                continue;
            }
            for (const w of waiters) {
                if (!batch.has(w.req.id) || !group.waiters.has(w)) continue;
                const status = found.get(w.req.id);
                const isChange = !w.seen || status?.state !== w.last?.state || status?.progress !== w.last?.progress;
                w.seen = true;
                w.last = status;
                if (isChange) changed = true;
                if (isChange) w.req.onChange?.(status);
                else w.req.onUnchanged?.(status);
                if (w.req.until(status)) this.settle(group, w, () => w.resolve(status));
            }
        }
        return changed;
    }

    private settle(group: Group, w: Waiter, done: () => void): void {
        if (!group.waiters.delete(w)) return;
        clearTimeout(w.deadlineTimer);
        // Nobody left: no timer may keep the process alive for an empty group.
        if (group.waiters.size === 0 && !group.running) {
            if (group.timer) clearTimeout(group.timer);
            group.timer = undefined;
            if (this.groups.get(group.key) === group) this.groups.delete(group.key);
        }
        done();
    }
}
