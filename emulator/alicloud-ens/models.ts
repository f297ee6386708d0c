import { randomAlnum } from "../core/ids";
import { phaseOf, type ImportPlan } from "../core/lifecycle";
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

interface EnsState {
    images: Record<string, EnsImage>;
}

/** The import path of ENS images: Creating, then Available or (on the failure convention) Upload_failed. */
export type EnsImageStatus = "Creating" | "Available" | "Upload_failed";

/**
 * ENS images per account. ENS has one global endpoint, so there is no region key; the status is
 * derived from the emulator clock whenever it is read.
 */
export class EnsModel {
    constructor(private readonly ctx: CloudContext) {}

    private get state(): EnsState {
        return this.ctx.store.bucket<EnsState>("alicloud-ens", () => ({ images: {} }));
    }

    statusOf(img: EnsImage): EnsImageStatus {
        const phase = phaseOf(img.plan, this.ctx.clock.now());
        return phase === "pending" ? "Creating" : phase === "ready" ? "Available" : "Upload_failed";
    }

    /** Newest first, the order the console lists images in. */
    list(account: string): EnsImage[] {
        return Object.values(this.state.images)
            .filter((i) => i.account === account)
            .sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
    }

    get(account: string, id: string): EnsImage {
        const img = this.state.images[id];
        if (!img || img.account !== account) throw imageNotFound();
        return img;
    }

    create(fields: Omit<EnsImage, "id" | "createdAt">): EnsImage {
        const quota = this.ctx.options.imageQuota;
        if (this.list(fields.account).length >= quota) throw quotaExceeded(quota);
        let id: string;
        do id = `m-${randomAlnum(25)}`;
        while (this.state.images[id]);
        const img: EnsImage = { ...fields, id, createdAt: this.ctx.clock.now() };
        this.state.images[id] = img;
        return img;
    }

    /** "Only images in the Available state can be used and operated" (DescribeSelfImages, reference §6.5). */
    assertAvailable(img: EnsImage): void {
        const status = this.statusOf(img);
        if (status !== "Available") throw incorrectImageStatus(status);
    }

    assertNotCreating(img: EnsImage): void {
        const status = this.statusOf(img);
        if (status === "Creating") throw incorrectImageStatus(status);
    }

    remove(id: string): void {
        delete this.state.images[id];
    }

    snapshot() {
        return { images: Object.values(this.state.images).map((i) => ({ ...i, status: this.statusOf(i) })) };
    }
}
