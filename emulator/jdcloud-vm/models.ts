import { randomAlnum } from "../core/ids";
import { ImageTable, type ImageTableSpec } from "../core/image-table";
import { pastImport, phaseOf, progressOf, type ImportPlan } from "../core/lifecycle";
import { DEFAULT_REGIONS } from "../env";
import type { CloudContext } from "../core/types";
import { imageBusy, imageNotFound, quotaExceeded, snapshotQuotaExceeded, underlayTaskConflict } from "./errors";
import { newSnapshotId, snapshotStatus, type JdSnapshot, type SnapshotStatus } from "./snapshots";

export interface JdImage {
    id: string;
    account: string;
    region: string;
    name: string;
    description: string;
    platform: string;
    osType: string;
    osVersion: string;
    architecture: string;
    diskFormat: string;
    systemDiskSizeGB: number;
    imageUrl: string;
    forceImport: boolean;
    /** The system disk's snapshot, made by the import and reported once the import has finished. */
    snapshotId: string;
    taskId: string;
    createdAt: number;
    /** Set by deleteImage: the image is described as `deleting` until `until`, and gone after. */
    deletion?: { until: number; withSnapshot: boolean };
}

export interface JdTask {
    id: string;
    account: string;
    region: string;
    action: "ImportImage";
    imageId: string;
    imageName: string;
    imageUrl: string;
    createdAt: number;
    plan: ImportPlan;
}

interface JdState {
    images: Record<string, JdImage>;
    tasks: Record<string, JdTask>;
    /** Absent from state files written before snapshots were modelled. */
    snapshots?: Record<string, JdSnapshot>;
    /** Results of importImage calls that carried a clientToken, keyed by account|region|token. */
    clientTokens: Record<string, { imageId: string; taskId: string }>;
    nextTaskId: number;
}

export type TaskStatus = "pending" | "running" | "finished" | "failed";
export type ImageStatus = "pending" | "ready" | "deleting" | "error";

/** [INF] The first tenth of an import is spent queued (task `pending`, progress 0), the rest `running`. */
const PENDING_SHARE = 0.1;

const TABLE: ImageTableSpec<JdImage, JdState> = {
    bucket: "jdcloud-vm",
    init: () => ({ images: {}, tasks: {}, snapshots: {}, clientTokens: {}, nextTaskId: 7094 }),
    newId: () => `img-${randomAlnum(10)}`,
    tieBreak: (a, b) => (a.id < b.id ? -1 : 1),
};

/**
 * JD VM images, their import tasks and snapshots, per account and region. Imports and deletions are
 * derived from the emulator clock: an image whose deletion has run its course is dropped on the next use.
 */
export class JdVmModel {
    private readonly images: ImageTable<JdImage, JdState>;

    constructor(private readonly ctx: CloudContext) {
        this.images = new ImageTable(ctx, TABLE);
        this.dropDeleted();
    }

    get state(): JdState {
        return this.images.bucket;
    }

    get snapshots(): Record<string, JdSnapshot> {
        return (this.state.snapshots ??= {});
    }

    /** Deletion is part of an image's lifecycle, so fast-forwarding imports moves it along too. */
    private dropDeleted(): void {
        const now = this.ctx.clock.importNow();
        for (const img of this.images.all()) {
            if (!img.deletion || img.deletion.until > now) continue;
            if (img.deletion.withSnapshot) delete this.snapshots[img.snapshotId];
            this.images.remove(img.id);
        }
    }

    taskProgress(task: JdTask): { status: TaskStatus; progress: number } {
        const now = this.ctx.clock.importNow();
        const phase = phaseOf(task.plan, now);
        // A failed import reports the progress it had reached when it stopped.
        if (phase === "failed") return { status: "failed", progress: progressOf(task.plan, task.plan.readyAt - 1) };
        if (phase === "ready") return { status: "finished", progress: 100 };
        const queuedUntil = task.plan.startedAt + (task.plan.readyAt - task.plan.startedAt) * PENDING_SHARE;
        if (now < queuedUntil) return { status: "pending", progress: 0 };
        return { status: "running", progress: progressOf(task.plan, now) };
    }

    /** When the task ended, or undefined while it runs. */
    taskFinishedAt(task: JdTask): number | undefined {
        return phaseOf(task.plan, this.ctx.clock.importNow()) === "pending" ? undefined : task.plan.readyAt;
    }

    taskOf(img: JdImage): JdTask {
        return this.state.tasks[img.taskId];
    }

    imageStatus(img: JdImage): ImageStatus {
        if (img.deletion) return "deleting";
        const { status } = this.taskProgress(this.taskOf(img));
        return status === "finished" ? "ready" : status === "failed" ? "error" : "pending";
    }

    list(account: string, region: string): JdImage[] {
        return this.images.list(account, region);
    }

    /** With ids a lookup, seen at once; without, a listing, where new images lag. */
    query(account: string, region: string, ids?: readonly string[]): JdImage[] {
        return this.images.query(account, { region, ids });
    }

    get(account: string, region: string, id: string): JdImage {
        const img = this.images.find(id, { account, region });
        if (!img) throw imageNotFound(id);
        return img;
    }

    snapshotStatus(snap: JdSnapshot): SnapshotStatus {
        const img = this.images.find(snap.imageId);
        return snapshotStatus(this.taskProgress(this.state.tasks[snap.taskId]).status, img?.deletion?.withSnapshot === true);
    }

    tasks(account: string, region: string): JdTask[] {
        return Object.values(this.state.tasks)
            .filter((t) => t.account === account && t.region === region)
            .sort((a, b) => Number(b.id) - Number(a.id));
    }

    /** The earlier result of an importImage call with this clientToken, if any. */
    byClientToken(account: string, region: string, token: string): { imageId: string; taskId: string } | undefined {
        return this.state.clientTokens[`${account}|${region}|${token}`];
    }

    startImport(
        fields: Omit<JdImage, "id" | "snapshotId" | "taskId" | "createdAt">,
        plan: ImportPlan,
        clientToken: string | undefined,
    ): { imageId: string; taskId: string } {
        const { account, region } = fields;
        if (this.images.scoped(account, region).length >= this.ctx.options.imageQuota) throw quotaExceeded();
        const snapshots = Object.values(this.snapshots).filter((snap) => snap.account === account && snap.region === region);
        if (snapshots.length >= this.ctx.options.jdcloudSnapshotQuota) throw snapshotQuotaExceeded();
        return this.store(fields, plan, clientToken);
    }

    /**
     * Puts an image in place with what the cloud makes beside it, without the API's refusals (create's):
     * for a seed, whose names are unique and whose count the server held to the quota, and which would
     * otherwise check an account of thousands once per image.
     */
    store(fields: Omit<JdImage, "id" | "snapshotId" | "taskId" | "createdAt">, plan: ImportPlan, clientToken: string | undefined): { imageId: string; taskId: string } {
        const { account, region } = fields;
        const s = this.state;
        const taskId = String(s.nextTaskId++);
        const now = this.ctx.clock.now();
        const { id, snapshotId } = this.images.insert((id) => ({ ...fields, id, snapshotId: newSnapshotId(), taskId, createdAt: now }));
        this.snapshots[snapshotId] = { id: snapshotId, account, region, imageId: id, taskId, diskSizeGB: fields.systemDiskSizeGB, createdAt: now };
        s.tasks[taskId] = {
            id: taskId,
            account,
            region,
            action: "ImportImage",
            imageId: id,
            imageName: fields.name,
            imageUrl: fields.imageUrl,
            createdAt: now,
            plan,
        };
        const result = { imageId: id, taskId };
        if (clientToken !== undefined) s.clientTokens[`${account}|${region}|${clientToken}`] = result;
        return result;
    }

    /** Modify and delete are refused while the image's import task is still pending or running, or the image is going. */
    assertSettled(img: JdImage): void {
        const { status } = this.taskProgress(this.taskOf(img));
        if (status === "pending" || status === "running") throw underlayTaskConflict(img.taskId);
        if (img.deletion) throw imageBusy(img.id);
    }

    /** The image turns `deleting` and is gone after `jdcloudDeletingMs`; its snapshot goes with it only when asked. */
    startDeletion(img: JdImage, withSnapshot: boolean): void {
        this.assertSettled(img);
        img.deletion = { until: this.ctx.clock.importNow() + this.ctx.options.jdcloudDeletingMs, withSnapshot };
    }
}

/** An account's worth of unrelated images (see CloudModule.seed). */
export function seedJdVm(ctx: CloudContext, count: number): void {
    // Each seeded image has its snapshot, as an import leaves it.
    if (count >= ctx.options.jdcloudSnapshotQuota) throw new Error(`seedImages (${count}) must stay below JD's snapshot quota (${ctx.options.jdcloudSnapshotQuota}): raise jdcloudSnapshotQuota too`);
    const m = new JdVmModel(ctx);
    const account = ctx.options.credentials.jdcloud[0].account;
    const region = DEFAULT_REGIONS.jdcloud;
    for (let i = 0; i < count; i++) {
        const fields = {
            account, region, name: `seeded-${i}`, description: "", platform: "CentOS", osType: "linux", osVersion: "7.6", architecture: "x86_64",
            diskFormat: "qcow2", systemDiskSizeGB: 40, imageUrl: `https://seeded.s3-internal.${region}.jdcloud-oss.com/${i}.qcow2`, forceImport: false,
        };
        m.store(fields, pastImport(ctx.clock.importNow()), undefined);
    }
}
