import { randomAlnum } from "../core/ids";
import { ImageTable, phaseName, type ImageTableSpec, type PhaseNames } from "../core/image-table";
import { pastImport, type ImportPlan } from "../core/lifecycle";
import { DEFAULT_REGIONS } from "../env";
import type { CloudContext } from "../core/types";
import { imageDuplicate, imageNotFound, invalidImageId, nameDuplicate, privateImageQuota } from "./errors";

export const IMAGE_ID = /^img-[0-9a-z]{8}$/;

/** The CVM image an ECM image was imported from, as ECM reports it in `SrcImage`. */
export interface EcmSource {
    imageId: string;
    region: string;
    name: string;
    description: string;
    osName: string;
}

export interface EcmImage {
    id: string;
    account: string;
    name: string;
    description: string;
    osType: string;
    osName: string;
    architecture: string;
    createdAt: number;
    taskId: string;
    plan: ImportPlan;
    source: EcmSource;
}

interface EcmState {
    images: Record<string, EcmImage>;
    lastTaskId: number;
}

export type EcmImageState = "IMPORTING" | "NORMAL" | "IMPORTFAILED";

const STATE_NAMES: PhaseNames<EcmImageState> = { pending: "IMPORTING", ready: "NORMAL", failed: "IMPORTFAILED" };

const TABLE: ImageTableSpec<EcmImage, EcmState> = {
    bucket: "tencent-ecm",
    // Task ids look like the cloud's (plain integers), counted from a realistic magnitude.
    init: () => ({ images: {}, lastTaskId: 1528600 }),
    newId: () => `img-${randomAlnum(8)}`,
    tieBreak: (a, b) => a.id.localeCompare(b.id),
};

/** ECM's images. ECM is not regional, so they are kept per account only. */
export class EcmModel {
    private readonly images: ImageTable<EcmImage, EcmState>;

    constructor(private readonly ctx: CloudContext) {
        this.images = new ImageTable(ctx, TABLE);
    }

    stateOf(img: EcmImage): EcmImageState {
        return phaseName(img.plan, this.ctx.clock.importNow(), STATE_NAMES);
    }

    list(account: string): EcmImage[] {
        return this.images.list(account);
    }

    /** With ids a lookup, seen at once; without, a listing, where new images lag. */
    query(account: string, ids?: readonly string[]): EcmImage[] {
        return this.images.query(account, { ids });
    }

    /** An image of this account; malformed ids and unknown ids are told apart, as DeleteImage does. */
    get(account: string, id: string): EcmImage {
        if (!IMAGE_ID.test(id)) throw invalidImageId(id);
        const img = this.images.find(id, { account });
        if (!img) throw imageNotFound(id);
        return img;
    }

    findByTask(account: string, taskId: string): EcmImage | undefined {
        return this.images.scoped(account).find((i) => i.taskId === taskId);
    }

    assertNameFree(account: string, name: string, except?: string): void {
        if (this.images.scoped(account).some((i) => i.name === name && i.id !== except)) throw nameDuplicate(name);
    }

    /**
     * A new import of a CVM image. Each CVM image can be imported once per account, whatever became
     * of the earlier import ("镜像已导入"); the failed one has to be deleted first. `isIdTaken` keeps the
     * new id clear of CVM's, which share the `img-` namespace, so ImageId and SrcImage.ImageId never meet.
     */
    create(fields: Omit<EcmImage, "id" | "createdAt" | "taskId">, isIdTaken: (id: string) => boolean): EcmImage {
        const mine = this.images.scoped(fields.account);
        if (mine.some((i) => i.source.imageId === fields.source.imageId)) throw imageDuplicate(fields.source.imageId);
        this.assertNameFree(fields.account, fields.name);
        const quota = this.ctx.options.imageQuota;
        if (mine.length >= quota) throw privateImageQuota(quota);
        return this.store(fields, isIdTaken);
    }

    /**
     * Puts an image in place with what the cloud makes beside it, without the API's refusals (create's):
     * for a seed, whose names are unique and whose count the server held to the quota, and which would
     * otherwise check an account of thousands once per image.
     */
    store(fields: Omit<EcmImage, "id" | "createdAt" | "taskId">, isIdTaken: (id: string) => boolean): EcmImage {
        const taskId = String(++this.images.bucket.lastTaskId);
        return this.images.insert((id) => ({ ...fields, id, createdAt: this.ctx.clock.now(), taskId }), isIdTaken);
    }

    remove(ids: string[]): void {
        this.images.remove(...ids);
    }

    all(): EcmImage[] {
        return this.images.all();
    }
}

/** An account's worth of unrelated images (see CloudModule.seed), each with a CVM source of its own that is not there. */
export function seedEcm(ctx: CloudContext, count: number): void {
    const m = new EcmModel(ctx);
    const account = ctx.options.credentials.tencent[0].account;
    for (let i = 0; i < count; i++) {
        const source = { imageId: `img-s${String(i).padStart(7, "0")}`, region: DEFAULT_REGIONS.tencent, name: `seeded-${i}`, description: "", osName: "CentOS 7 64位" };
        const img = m.store({ account, name: `seeded-${i}`, description: "seeded", osType: "CentOS", osName: source.osName, architecture: "x86_64", plan: pastImport(ctx.clock.importNow()), source }, () => false);
        img.createdAt = ctx.clock.now() - 2 * 3600_000;
    }
}
