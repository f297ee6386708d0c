import { Backoff } from "./retry";

/** What the poller asks about: anything with an id (an image and its tracking data). */
export interface Polled {
    id: string;
}

/** What the poller reports of one item: a state, and a progress where the cloud gives one. */
export interface Observed {
    state: string;
    progress?: number;
}

export type Describe<R extends Polled, T extends Observed> = (items: R[]) => Promise<Map<string, T>>;

export interface WaitRequest<R extends Polled, T extends Observed> {
    /** Items in one group (cloud, account, region) are described together, one call per tick. */
    group: string;
    describe: Describe<R, T>;
    batchSize: number;
    item: R;
    /** Stop waiting when this holds; `undefined` means the item is not listed. */
    until(status: T | undefined): boolean;
    deadline: number;
    /** Whether a failed describe is trouble worth waiting out (throttling, a gateway error). */
    retryable(e: unknown): boolean;
    onChange?(status: T | undefined): void;
    /** Called on ticks where nothing changed, so long waits can show they are alive. */
    onUnchanged?(status: T | undefined): void;
}

export class WaitTimeoutError<T extends Observed = Observed> extends Error {
    constructor(
        readonly id: string,
        readonly last: T | undefined,
        what = "timed out",
    ) {
        super(`${what} waiting for image ${id}${last ? ` (last state ${last.state}${last.progress !== undefined ? `, ${last.progress}%` : ""})` : ""}`);
        this.name = "WaitTimeoutError";
    }
}

/** setTimeout fires at once past this (about 24.8 days): longer deadlines are armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Deadline {
    timer?: NodeJS.Timeout;
}

function armDeadline(at: number, fire: () => void, d: Deadline = {}): Deadline {
    const left = at - Date.now();
    d.timer = left > MAX_TIMER_MS ? setTimeout(() => armDeadline(at, fire, d), MAX_TIMER_MS) : setTimeout(fire, Math.max(0, left));
    return d;
}

interface Waiter<R extends Polled, T extends Observed> {
    req: WaitRequest<R, T>;
    last?: T;
    seen: boolean;
    deadline: Deadline;
    resolve(s: T | undefined): void;
    reject(e: Error): void;
}

interface Group<R extends Polled, T extends Observed> {
    key: string;
    waiters: Set<Waiter<R, T>>;
    /** The tick: the minimum while describes go through, growing while they fail. */
    pauses: Backoff;
    timer?: NodeJS.Timeout;
    /** When the pending timer fires. */
    dueAt: number;
    /** A tick is in flight; a waiter that joins meanwhile is looked at by the next one. */
    running: boolean;
}

export interface PollerOptions {
    /** The tick while the cloud answers well. */
    minIntervalMs: number;
    /** The longest tick, reached by backing off while describes fail. */
    maxIntervalMs: number;
    /** Backoff factor after a tick whose describe failed. */
    growth?: number;
    /** ± fraction of each interval, so many processes do not poll in lockstep. */
    jitter?: number;
}

/**
 * One poller per process. All images waiting in the same account and region share one describe call per
 * tick (batched up to the API's page size), so a stack of hundreds of images costs a few calls per tick.
 * The tick stays at the minimum interval, because an image may become ready at any moment and a call per
 * group per tick is far below every documented limit; it backs off only while describes fail (throttling,
 * gateway errors), and drops back after a tick that went through. Each waiter has its own deadline timer.
 */
export class Poller {
    private readonly groups = new Map<string, Group<any, any>>();
    /** Number of describe calls made, for benchmarks. */
    describeCalls = 0;

    constructor(private options: PollerOptions) {}

    configure(options: PollerOptions): void {
        this.options = options;
    }

    private backoff(): Backoff {
        const { minIntervalMs, maxIntervalMs, growth, jitter } = this.options;
        return new Backoff({ minMs: minIntervalMs, maxMs: maxIntervalMs, growth, jitter });
    }

    wait<R extends Polled, T extends Observed>(req: WaitRequest<R, T>): Promise<T | undefined> {
        return new Promise((resolve, reject) => {
            let group = this.groups.get(req.group) as Group<R, T> | undefined;
            if (!group) {
                group = { key: req.group, waiters: new Set(), pauses: this.backoff(), dueAt: 0, running: false };
                this.groups.set(req.group, group);
            }
            const g = group;
            const waiter: Waiter<R, T> = {
                req,
                seen: false,
                resolve,
                reject,
                deadline: armDeadline(req.deadline, () => this.settle(g, waiter, () => reject(new WaitTimeoutError(req.item.id, waiter.last)))),
            };
            g.waiters.add(waiter);
            // A brand-new group looks at once (resumed waits and deletes are often settled already).
            this.schedule(g, g.waiters.size === 1 && !g.running ? 0 : this.options.minIntervalMs);
        });
    }

    /** Makes sure a tick happens within `delayMs`; never postpones one that is due sooner. */
    private schedule(group: Group<any, any>, delayMs: number): void {
        if (group.running) return;
        const dueAt = Date.now() + delayMs;
        if (group.timer && group.dueAt <= dueAt) return;
        if (group.timer) clearTimeout(group.timer);
        group.dueAt = dueAt;
        group.timer = setTimeout(() => void this.tick(group), delayMs);
    }

    private async tick<R extends Polled, T extends Observed>(group: Group<R, T>): Promise<void> {
        group.timer = undefined;
        group.running = true;
        let troubled = false;
        try {
            troubled = await this.describeAll(group);
        } catch (e) {
            // Only a bug in a callback gets here; end the waits rather than leave them hanging.
            for (const w of [...group.waiters]) this.settle(group, w, () => w.reject(e as Error));
        } finally {
            group.running = false;
        }
        if (group.waiters.size === 0) {
            if (this.groups.get(group.key) === group) this.groups.delete(group.key);
            return;
        }
        // Trouble lets the tick grow; a tick that went through drops it back to the minimum.
        if (troubled) group.pauses.grow();
        else group.pauses.reset();
        const jittered = group.pauses.pause();
        const joinedDuringTick = [...group.waiters].some((w) => !w.seen);
        this.schedule(group, joinedDuringTick ? Math.min(this.options.minIntervalMs, jittered) : Math.max(1, jittered));
    }

    /** One tick: every waiting item described in batches; returns whether a describe failed. */
    private async describeAll<R extends Polled, T extends Observed>(group: Group<R, T>): Promise<boolean> {
        const waiters = [...group.waiters];
        const items = [...new Map(waiters.map((w) => [w.req.item.id, w.req.item])).values()];
        // Every waiter of a group describes the same way; the first one's describe serves them all.
        const { describe, batchSize } = waiters[0].req;
        let troubled = false;
        for (let i = 0; i < items.length; i += batchSize) {
            const batch = items.slice(i, i + batchSize);
            const ids = new Set(batch.map((b) => b.id));
            let found: Map<string, T>;
            try {
                this.describeCalls++;
                found = await describe(batch);
            } catch (e) {
                // Trouble worth waiting out keeps everyone waiting (until their deadlines); anything else
                // ends the waits of this batch.
                troubled = true;
                for (const w of waiters) if (ids.has(w.req.item.id) && !w.req.retryable(e)) this.settle(group, w, () => w.reject(e as Error));
                continue;
            }
            for (const w of waiters) {
                if (!ids.has(w.req.item.id) || !group.waiters.has(w)) continue;
                const status = found.get(w.req.item.id);
                const isChange = !w.seen || status?.state !== w.last?.state || status?.progress !== w.last?.progress;
                w.seen = true;
                w.last = status;
                if (isChange) w.req.onChange?.(status);
                else w.req.onUnchanged?.(status);
                if (w.req.until(status)) this.settle(group, w, () => w.resolve(status));
            }
        }
        return troubled;
    }

    private settle(group: Group<any, any>, w: Waiter<any, any>, done: () => void): void {
        if (!group.waiters.delete(w)) return;
        clearTimeout(w.deadline.timer);
        // Nobody left: no timer may keep the process alive for an empty group.
        if (group.waiters.size === 0 && !group.running) {
            if (group.timer) clearTimeout(group.timer);
            group.timer = undefined;
            if (this.groups.get(group.key) === group) this.groups.delete(group.key);
        }
        done();
    }
}
