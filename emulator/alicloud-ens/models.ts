import { randomAlnum } from "../core/ids";
import { ImageTable, type ImageTableSpec } from "../core/image-table";
import { pastImport, type ImportPlan } from "../core/lifecycle";
import { DEFAULT_REGIONS } from "../env";
import type { CloudContext } from "../core/types";
import { incorrectImageStatus, quotaExceeded } from "./errors";
import { BUSY, statusAt, type EnsFailure, type EnsImageStatus } from "./status";

export type { EnsImageStatus } from "./status";

/** Where one disk of an imported image came from. */
export interface OssSource {
    bucket: string;
    object: string;
    region: string;
}

export interface EnsImage {
    id: string;
    account: string;
    /** The name listings show; a rename waits in `pendingName` until they show it. */
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
    /** How the import ends if it fails (the failure convention, decided at import). */
    failure?: EnsFailure;
    /** The latest rename, and from when (emulator clock) listings show it. */
    pendingName?: { name: string; at: number };
    /** Set by DeleteImage: the image is gone, but listings show it until then (emulator clock). */
    unlistAt?: number;
}

const TABLE: ImageTableSpec<EnsImage> = {
    bucket: "alicloud-ens",
    init: () => ({ images: {} }),
    newId: () => `m-${randomAlnum(25)}`,
    tieBreak: (a, b) => a.id.localeCompare(b.id),
};

/**
 * ENS images per account. ENS has one global endpoint, so there is no region key; the status is
 * derived from the emulator clock whenever it is read.
 *
 * Renames and deletes are eventually consistent, as the Terraform provider treats them (its
 * alicloud_ens_image polls DescribeSelfImages after ModifyImageAttribute until the new name shows,
 * and after DeleteImage until the image is no longer listed): for `ensSettleMs` listings show the old
 * name, or the deleted image. Look-ups by exact id
 * (DescribeImages' ImageId) and the write calls see the change at once.
 */
export class EnsModel {
    private readonly images: ImageTable<EnsImage>;

    constructor(private readonly ctx: CloudContext) {
        this.images = new ImageTable(ctx, TABLE);
    }

    /** An account's images, newest first: what the quota counts. */
    list(account: string): EnsImage[] {
        return this.live(this.images.list(account));
    }

    /**
     * What a describe call sees, as copies carrying the name it shows. With ids a lookup, which sees
     * every change at once; without, a listing, where new images, renames and deletes lag.
     */
    query(account: string, ids?: readonly string[]): EnsImage[] {
        this.forgetUnlisted();
        if (ids) return this.live(this.images.query(account, { ids })).map((i) => ({ ...i, name: i.pendingName?.name ?? i.name }));
        const now = this.ctx.clock.now();
        return this.images.query(account).map((i) => ({ ...i, name: i.pendingName && i.pendingName.at <= now ? i.pendingName.name : i.name }));
    }

    /** The account's image with this id, unless there is none or it was deleted. */
    find(account: string, id: string): EnsImage | undefined {
        const img = this.images.find(id, { account });
        return img && img.unlistAt === undefined ? img : undefined;
    }

    create(fields: Omit<EnsImage, "id" | "createdAt">): EnsImage {
        const quota = this.ctx.options.imageQuota;
        if (this.live(this.images.scoped(fields.account)).length >= quota) throw quotaExceeded(quota);
        return this.store(fields);
    }

    /**
     * Puts an image in place with what the cloud makes beside it, without the API's refusals (create's):
     * for a seed, whose names are unique and whose count the server held to the quota, and which would
     * otherwise check an account of thousands once per image.
     */
    store(fields: Omit<EnsImage, "id" | "createdAt">): EnsImage {
        return this.images.insert((id) => ({ ...fields, id, createdAt: this.ctx.clock.now() }));
    }

    statusOf(img: EnsImage): EnsImageStatus {
        // Images stored before failures had kinds failed as Upload_failed.
        return statusAt(img.plan, img.failure ?? (img.plan.fails ? "Upload_failed" : undefined), this.ctx.clock.importNow());
    }

    /** "Only images in the Available state can be used and operated" (ENS DescribeSelfImages docs). */
    assertAvailable(img: EnsImage): void {
        const status = this.statusOf(img);
        if (status !== "Available") throw incorrectImageStatus(status);
    }

    /** A failed import can be cleaned up; one still running cannot. */
    assertNotBusy(img: EnsImage): void {
        const status = this.statusOf(img);
        if (BUSY.has(status)) throw incorrectImageStatus(status);
    }

    /** A rename made while another is still settling replaces it: listings never show the one in between. */
    rename(img: EnsImage, name: string): void {
        const now = this.ctx.clock.now();
        if (img.pendingName && img.pendingName.at <= now) img.name = img.pendingName.name;
        delete img.pendingName;
        const settleMs = this.ctx.options.ensSettleMs;
        if (settleMs > 0) img.pendingName = { name, at: now + settleMs };
        else img.name = name;
    }

    remove(img: EnsImage): void {
        img.unlistAt = this.ctx.clock.now() + this.ctx.options.ensSettleMs;
        this.forgetUnlisted();
    }

    snapshot() {
        this.forgetUnlisted();
        return { images: this.images.all().map((i) => ({ ...i, status: this.statusOf(i) })) };
    }

    private live(images: EnsImage[]): EnsImage[] {
        return images.filter((i) => i.unlistAt === undefined);
    }

    /** Deleted images whose listing lag is over leave the store. */
    private forgetUnlisted(): void {
        const now = this.ctx.clock.now();
        this.images.remove(...this.images.all().filter((i) => i.unlistAt !== undefined && i.unlistAt <= now).map((i) => i.id));
    }
}

/** An account's worth of unrelated images (see CloudModule.seed). */
export function seedEns(ctx: CloudContext, count: number): void {
    const m = new EnsModel(ctx);
    const account = ctx.options.credentials.alicloud[0].account;
    const region = DEFAULT_REGIONS.alicloud;
    for (let i = 0; i < count; i++) {
        const img = m.store({
            account, name: `seeded-${i}`, computeType: "ens_vm", architecture: "x86_64", osType: "linux", imageFormat: "qcow2", platform: "centos",
            osVersion: "7.6", licenseType: "", regionId: region, disks: [{ bucket: "seeded", object: `${i}.qcow2`, region }], plan: pastImport(ctx.clock.importNow()),
        });
        img.createdAt = ctx.clock.now() - 2 * 3600_000;
    }
}
