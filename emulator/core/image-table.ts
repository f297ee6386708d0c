import { phaseOf, type ImportPlan, type Phase } from "./lifecycle";
import type { CloudContext } from "./types";

/** What the table needs of a cloud's image record to key, scope and order it. */
export interface ImageRow {
    id: string;
    account: string;
    /** Only on regional clouds; where no region is asked for, it is not looked at. */
    region?: string;
    createdAt: number;
}

/** A cloud's store bucket as persisted: its images by id, beside whatever else the cloud keeps there. */
export interface ImageBucket<T> {
    images: Record<string, T>;
}

export interface ImageTableSpec<T, B = ImageBucket<T>> {
    /** The store bucket's name; it is part of the `--state` file format. */
    bucket: string;
    /** The bucket's first contents. */
    init: () => B;
    /** A fresh id in the cloud's format; drawn again until it is unused. */
    newId: () => string;
    /** Orders images created in the same millisecond; without it they keep the order they were stored in. */
    tieBreak?: (a: T, b: T) => number;
}

/**
 * One cloud's images in its store bucket, keyed by id. Scoping, uniqueness, order and the listing lag
 * live here; what differs per cloud (validation, error codes, extra state in the bucket, which queries
 * count as listings) stays in the cloud's model and responses.
 */
export class ImageTable<T extends ImageRow, B extends ImageBucket<T> = ImageBucket<T>> {
    constructor(
        private readonly ctx: Pick<CloudContext, "store" | "clock" | "options">,
        private readonly spec: ImageTableSpec<T, B>,
    ) {}

    /** The whole bucket, looked up on every use: a reset replaces the store's data. */
    get bucket(): B {
        return this.ctx.store.bucket<B>(this.spec.bucket, this.spec.init);
    }

    all(): T[] {
        return Object.values(this.bucket.images);
    }

    /**
     * An account's images (in one region, if given), in no order: what a count or a uniqueness check needs,
     * without `list`'s sort, which made every insert into a large account (a seeded one) cost n log n.
     */
    scoped(account: string, region?: string): T[] {
        return this.all().filter((i) => i.account === account && (region === undefined || i.region === region));
    }

    /** An account's images (in one region, if given), newest first. */
    list(account: string, region?: string): T[] {
        const tieBreak = this.spec.tieBreak;
        return this.scoped(account, region).sort(tieBreak ? (a, b) => b.createdAt - a.createdAt || tieBreak(a, b) : (a, b) => b.createdAt - a.createdAt);
    }

    /**
     * What a describe call starts from, in `list` order. With `ids` it is a lookup by exact id and sees
     * every image after `lookupLagMs` (0 unless a test stages a lagging read replica); without, it is a
     * listing, where a new image stays out for `listingLagMs` (eventual consistency: a cloud's search index
     * lags its database). Quotas and name checks use `list`.
     */
    query(account: string, scope: { region?: string; ids?: readonly string[] } = {}): T[] {
        const { region, ids } = scope;
        if (ids) {
            const visible = this.ctx.clock.now() - this.ctx.options.lookupLagMs;
            return this.list(account, region).filter((i) => ids.includes(i.id) && i.createdAt <= visible);
        }
        const newest = this.ctx.clock.now() - this.ctx.options.listingLagMs;
        return this.list(account, region).filter((i) => i.createdAt <= newest);
    }

    /** The image with this id, if it lies in the given account and region (each only where given). */
    find(id: string, scope: { account?: string; region?: string } = {}): T | undefined {
        const img = this.bucket.images[id];
        if (!img) return undefined;
        if (scope.account !== undefined && img.account !== scope.account) return undefined;
        if (scope.region !== undefined && img.region !== scope.region) return undefined;
        return img;
    }

    /** Stores the image `build` makes for a new unique id; `isTaken` rules out ids used elsewhere. */
    insert(build: (id: string) => T, isTaken?: (id: string) => boolean): T {
        let id: string;
        do id = this.spec.newId();
        while (this.bucket.images[id] || isTaken?.(id));
        const img = build(id);
        this.bucket.images[id] = img;
        return img;
    }

    remove(...ids: string[]): void {
        for (const id of ids) delete this.bucket.images[id];
    }
}

/** A cloud's names for the three phases of an import. */
export type PhaseNames<S extends string> = Readonly<Record<Phase, S>>;

/** The cloud's name for where an import stands at `nowMs`. */
export function phaseName<S extends string>(plan: ImportPlan, nowMs: number, names: PhaseNames<S>): S {
    return names[phaseOf(plan, nowMs)];
}
