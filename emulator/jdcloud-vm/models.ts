import { randomAlnum } from "../core/ids";
import { ImageTable, type ImageTableSpec } from "../core/image-table";
import { phaseOf, progressOf, type ImportPlan } from "../core/lifecycle";
import type { CloudContext } from "../core/types";
import { imageNotFound, quotaExceeded, underlayTaskConflict } from "./errors";

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
    /** Created with the image, reported once the import has finished (imported images get a snapshot). */
    snapshotId: string;
    taskId: string;
    createdAt: number;
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
    /** Results of importImage calls that carried a clientToken, keyed by account|region|token. */
    clientTokens: Record<string, { imageId: string; taskId: string }>;
    nextTaskId: number;
}

export type TaskStatus = "pending" | "running" | "finished" | "failed";
export type ImageStatus = "pending" | "ready" | "error";

/** [INF] The first tenth of an import is spent queued (task `pending`, progress 0), the rest `running`. */
const PENDING_SHARE = 0.1;

const TABLE: ImageTableSpec<JdImage, JdState> = {
    bucket: "jdcloud-vm",
    init: () => ({ images: {}, tasks: {}, clientTokens: {}, nextTaskId: 7094 }),
    newId: () => `img-${randomAlnum(10)}`,
    tieBreak: (a, b) => (a.id < b.id ? -1 : 1),
};

/** JD VM images and their import tasks, per account and region; import state is derived from the emulator clock. */
export class JdVmModel {
    private readonly images: ImageTable<JdImage, JdState>;

    constructor(private readonly ctx: CloudContext) {
        this.images = new ImageTable(ctx, TABLE);
    }

    get state(): JdState {
        return this.images.bucket;
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
        const quota = this.ctx.options.imageQuota;
        if (this.list(fields.account, fields.region).length >= quota) throw quotaExceeded();
        const s = this.state;
        const taskId = String(s.nextTaskId++);
        const now = this.ctx.clock.now();
        const { id } = this.images.insert((id) => ({ ...fields, id, snapshotId: `snapshot-${randomAlnum(10)}`, taskId, createdAt: now }));
        s.tasks[taskId] = {
            id: taskId,
            account: fields.account,
            region: fields.region,
            action: "ImportImage",
            imageId: id,
            imageName: fields.name,
            imageUrl: fields.imageUrl,
            createdAt: now,
            plan,
        };
        const result = { imageId: id, taskId };
        if (clientToken !== undefined) s.clientTokens[`${fields.account}|${fields.region}|${clientToken}`] = result;
        return result;
    }

    /** Modify and delete are refused while the image's import task is still pending or running. */
    assertNoRunningTask(img: JdImage): void {
        const { status } = this.taskProgress(this.taskOf(img));
        if (status === "pending" || status === "running") throw underlayTaskConflict(img.taskId);
    }

    remove(id: string): void {
        this.images.remove(id);
    }
}
