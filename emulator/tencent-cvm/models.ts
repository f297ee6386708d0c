import { randomAlnum } from "../core/ids";
import { ImageTable, phaseName, type ImageTableSpec, type PhaseNames } from "../core/image-table";
import { pastImport, progressOf, type ImportPlan } from "../core/lifecycle";
import { DEFAULT_REGIONS } from "../env";
import type { CloudContext } from "../core/types";
import { imageIncorrectState, imageMalformed, imageNotFound, nameDuplicate, quotaExceeded } from "./errors";

export const IMAGE_ID = /^img-[0-9a-z]{8}$/;

export interface CvmImage {
    id: string;
    account: string;
    region: string;
    name: string;
    description: string;
    osType: string;
    osVersion: string;
    architecture: string;
    imageUrl: string;
    dataDiskUrls: string[];
    licenseType: string;
    bootMode: string;
    family: string;
    deprecated: boolean;
    tags: { Key: string; Value: string }[];
    createdAt: number;
    plan: ImportPlan;
}

export type CvmImageState = "IMPORTING" | "NORMAL" | "IMPORTFAILED";

/**
 * A snapshot bound to an image: an imported image keeps one per disk (its SnapshotSet). DeleteImages
 * leaves them, unbound and still billed, unless DeleteBindedSnap is set.
 */
export interface CvmSnapshot {
    id: string;
    account: string;
    region: string;
    imageId: string;
    diskUsage: "SYSTEM_DISK" | "DATA_DISK";
    diskSize: number;
}

interface CvmBucket {
    images: Record<string, CvmImage>;
    snapshots: Record<string, CvmSnapshot>;
}

const STATE_NAMES: PhaseNames<CvmImageState> = { pending: "IMPORTING", ready: "NORMAL", failed: "IMPORTFAILED" };

/** Images and their snapshots; images created in the same millisecond list in creation order. */
const TABLE: ImageTableSpec<CvmImage, CvmBucket> = { bucket: "tencent-cvm", init: () => ({ images: {}, snapshots: {} }), newId: () => `img-${randomAlnum(8)}` };

/** CVM's images, kept per account and region, with the import state derived from the emulator clock. */
export class CvmModel {
    private readonly images: ImageTable<CvmImage, CvmBucket>;

    constructor(private readonly ctx: CloudContext) {
        this.images = new ImageTable(ctx, TABLE);
    }

    stateOf(img: CvmImage): CvmImageState {
        return phaseName(img.plan, this.ctx.clock.importNow(), STATE_NAMES);
    }

    progressOf(img: CvmImage): number {
        return progressOf(img.plan, this.ctx.clock.importNow());
    }

    list(account: string, region: string): CvmImage[] {
        return this.images.list(account, region);
    }

    /** With ids a lookup, seen at once; without, a listing, where new images lag. */
    query(account: string, region: string, ids?: readonly string[]): CvmImage[] {
        return this.images.query(account, { region, ids });
    }

    /** Any image of any account: ECM imports CVM images by id and source region. */
    find(id: string, region?: string): CvmImage | undefined {
        return this.images.find(id, { region });
    }

    get(account: string, region: string, id: string): CvmImage {
        if (!IMAGE_ID.test(id)) throw imageMalformed(id);
        const img = this.images.find(id, { account, region });
        if (!img) throw imageNotFound(id);
        return img;
    }

    assertNameFree(account: string, region: string, name: string, except?: string): void {
        if (this.images.scoped(account, region).some((i) => i.name === name && i.id !== except)) throw nameDuplicate(name);
    }

    create(fields: Omit<CvmImage, "id" | "createdAt">): CvmImage {
        this.assertNameFree(fields.account, fields.region, fields.name);
        const quota = this.ctx.options.imageQuota;
        if (this.images.scoped(fields.account, fields.region).length >= quota) throw quotaExceeded(quota);
        return this.store(fields);
    }

    /**
     * Puts an image in place with what the cloud makes beside it, without the API's refusals (create's):
     * for a seed, whose names are unique and whose count the server held to the quota, and which would
     * otherwise check an account of thousands once per image.
     */
    store(fields: Omit<CvmImage, "id" | "createdAt">): CvmImage {
        const img = this.images.insert((id) => ({ ...fields, id, createdAt: this.ctx.clock.now() }));
        const disks: [CvmSnapshot["diskUsage"], number][] = [["SYSTEM_DISK", 20], ...img.dataDiskUrls.map((): [CvmSnapshot["diskUsage"], number] => ["DATA_DISK", 50])];
        for (const [diskUsage, diskSize] of disks) {
            const id = `snap-${randomAlnum(8)}`;
            this.snapshots()[id] = { id, account: img.account, region: img.region, imageId: img.id, diskUsage, diskSize };
        }
        return img;
    }

    /** State files written before snapshots were modelled have none. */
    private snapshots(): Record<string, CvmSnapshot> {
        return (this.images.bucket.snapshots ??= {});
    }

    snapshotsOf(imageId: string): CvmSnapshot[] {
        return Object.values(this.snapshots()).filter((s) => s.imageId === imageId);
    }

    assertSettled(img: CvmImage): void {
        const state = this.stateOf(img);
        if (state === "IMPORTING") throw imageIncorrectState(img.id, state);
    }

    /** Removes the images; their snapshots too when `withSnapshots`, else they stay behind. */
    remove(ids: string[], withSnapshots: boolean): void {
        if (withSnapshots) for (const id of ids) for (const s of this.snapshotsOf(id)) delete this.snapshots()[s.id];
        this.images.remove(...ids);
    }
}

/** An account's worth of unrelated images (see CloudModule.seed). */
export function seedCvm(ctx: CloudContext, count: number): void {
    const m = new CvmModel(ctx);
    const account = ctx.options.credentials.tencent[0].account;
    for (let i = 0; i < count; i++) {
        const img = m.store({
            account, region: DEFAULT_REGIONS.tencent, name: `seeded-${i}`, description: "", osType: "CentOS", osVersion: "7", architecture: "x86_64",
            imageUrl: `https://seeded-1250000000.cos.${DEFAULT_REGIONS.tencent}.myqcloud.com/${i}.qcow2`, dataDiskUrls: [], licenseType: "TencentCloud",
            bootMode: "Legacy BIOS", family: "", deprecated: false, tags: [], plan: pastImport(ctx.clock.importNow()),
        });
        img.createdAt = ctx.clock.now() - 2 * 3600_000;
    }
}
