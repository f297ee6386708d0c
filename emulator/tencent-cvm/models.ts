import { randomAlnum } from "../core/ids";
import { phaseOf, progressOf, type ImportPlan } from "../core/lifecycle";
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

interface CvmState {
    images: Record<string, CvmImage>;
}

export type CvmImageState = "IMPORTING" | "NORMAL" | "IMPORTFAILED";

/** CVM's images, kept per account and region, with the import state derived from the emulator clock. */
export class CvmModel {
    constructor(private readonly ctx: CloudContext) {}

    private get state(): CvmState {
        return this.ctx.store.bucket<CvmState>("tencent-cvm", () => ({ images: {} }));
    }

    stateOf(img: CvmImage): CvmImageState {
        const phase = phaseOf(img.plan, this.ctx.clock.now());
        return phase === "pending" ? "IMPORTING" : phase === "ready" ? "NORMAL" : "IMPORTFAILED";
    }

    progressOf(img: CvmImage): number {
        return progressOf(img.plan, this.ctx.clock.now());
    }

    list(account: string, region: string): CvmImage[] {
        return Object.values(this.state.images)
            .filter((i) => i.account === account && i.region === region)
            .sort((a, b) => b.createdAt - a.createdAt);
    }

    /** Any image of any account: ECM imports CVM images by id and source region. */
    find(id: string, region?: string): CvmImage | undefined {
        const img = this.state.images[id];
        return img && (region === undefined || img.region === region) ? img : undefined;
    }

    get(account: string, region: string, id: string): CvmImage {
        if (!IMAGE_ID.test(id)) throw imageMalformed(id);
        const img = this.state.images[id];
        if (!img || img.account !== account || img.region !== region) throw imageNotFound(id);
        return img;
    }

    assertNameFree(account: string, region: string, name: string, except?: string): void {
        if (this.list(account, region).some((i) => i.name === name && i.id !== except)) throw nameDuplicate(name);
    }

    create(fields: Omit<CvmImage, "id" | "createdAt">): CvmImage {
        this.assertNameFree(fields.account, fields.region, fields.name);
        const quota = this.ctx.options.imageQuota;
        if (this.list(fields.account, fields.region).length >= quota) throw quotaExceeded(quota);
        let id: string;
        do id = `img-${randomAlnum(8)}`;
        while (this.state.images[id]);
        const img: CvmImage = { ...fields, id, createdAt: this.ctx.clock.now() };
        this.state.images[id] = img;
        return img;
    }

    assertSettled(img: CvmImage): void {
        const state = this.stateOf(img);
        if (state === "IMPORTING") throw imageIncorrectState(img.id, state);
    }

    remove(ids: string[]): void {
        for (const id of ids) delete this.state.images[id];
    }
}
