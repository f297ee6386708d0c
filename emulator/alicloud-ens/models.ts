import { randomAlnum } from "../core/ids";
import { ImageTable, phaseName, type ImageTableSpec, type PhaseNames } from "../core/image-table";
import type { ImportPlan } from "../core/lifecycle";
import type { CloudContext } from "../core/types";
import { imageNotFound, incorrectImageStatus, quotaExceeded } from "./errors";

/** Where one disk of an imported image came from. */
export interface OssSource {
    bucket: string;
    object: string;
    region: string;
}

export interface EnsImage {
    id: string;
    account: string;
    name: string;
    computeType: string;
    architecture: string;
    osType: string;
    imageFormat: string;
    platform: string;
    osVersion: string;
    licenseType: string;
    /** The image's home region: TargetOSSRegionId, else the source's OSSRegion. */
    regionId: string;
    /** First entry is the system disk, any further ones data disks. */
    disks: OssSource[];
    createdAt: number;
    plan: ImportPlan;
}

/** The import path of ENS images: Creating, then Available or (on the failure convention) Upload_failed. */
export type EnsImageStatus = "Creating" | "Available" | "Upload_failed";

const STATUS_NAMES: PhaseNames<EnsImageStatus> = { pending: "Creating", ready: "Available", failed: "Upload_failed" };

const TABLE: ImageTableSpec<EnsImage> = {
    bucket: "alicloud-ens",
    init: () => ({ images: {} }),
    newId: () => `m-${randomAlnum(25)}`,
    tieBreak: (a, b) => a.id.localeCompare(b.id),
};

/**
 * ENS images per account. ENS has one global endpoint, so there is no region key; the status is
 * derived from the emulator clock whenever it is read.
 */
export class EnsModel {
    private readonly images: ImageTable<EnsImage>;

    constructor(private readonly ctx: CloudContext) {
        this.images = new ImageTable(ctx, TABLE);
    }

    /** Newest first, the order the console lists images in. */
    list(account: string): EnsImage[] {
        return this.images.list(account);
    }

    /** With ids a lookup, seen at once; without, a listing, where new images lag. */
    query(account: string, ids?: readonly string[]): EnsImage[] {
        return this.images.query(account, { ids });
    }

    get(account: string, id: string): EnsImage {
        const img = this.images.find(id, { account });
        if (!img) throw imageNotFound();
        return img;
    }

    create(fields: Omit<EnsImage, "id" | "createdAt">): EnsImage {
        const quota = this.ctx.options.imageQuota;
        if (this.list(fields.account).length >= quota) throw quotaExceeded(quota);
        return this.images.insert((id) => ({ ...fields, id, createdAt: this.ctx.clock.now() }));
    }

    statusOf(img: EnsImage): EnsImageStatus {
        return phaseName(img.plan, this.ctx.clock.importNow(), STATUS_NAMES);
    }

    /** "Only images in the Available state can be used and operated" (ENS DescribeSelfImages docs). */
    assertAvailable(img: EnsImage): void {
        const status = this.statusOf(img);
        if (status !== "Available") throw incorrectImageStatus(status);
    }

    assertNotCreating(img: EnsImage): void {
        const status = this.statusOf(img);
        if (status === "Creating") throw incorrectImageStatus(status);
    }

    remove(id: string): void {
        this.images.remove(id);
    }

    snapshot() {
        return { images: this.images.all().map((i) => ({ ...i, status: this.statusOf(i) })) };
    }
}
