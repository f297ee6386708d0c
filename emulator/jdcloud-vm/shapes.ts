import { EmuError, type CloudContext } from "../core/types";
import type { JdImage, JdTask, JdVmModel } from "./models";
import type { JdSnapshot } from "./snapshots";

/** [INF] JD shows times as "2020-07-02 17:34:44" without a zone; the emulator uses Beijing time (UTC+8). */
const ZONE_OFFSET_MS = 8 * 3600 * 1000;

export function formatTime(epochMs: number): string {
    return new Date(epochMs + ZONE_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** Accepts the display format above (Beijing time) or any ISO 8601 time with a zone; undefined when unreadable. */
export function parseTime(value: string): number | undefined {
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(value);
    const ms = m ? Date.parse(`${m[1]}T${m[2]}Z`) - ZONE_OFFSET_MS : Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
}

/** [INF] A plausible compressed size for a finished import; the real value depends on the image file. */
const sizeMbOf = (img: JdImage) => Math.round(img.systemDiskSizeGB * 1024 * 0.06);

type Json = string | number | boolean | null | undefined | Json[] | { [key: string]: Json };

/**
 * JD leaves out what is empty: an unset string, a null, an empty list or object. Numbers and booleans
 * stay, zero and false included. A client reading a field that may be empty must allow for its absence.
 */
export function omitEmpty<T extends Record<string, Json>>(record: T): Partial<T> {
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(record)) {
        const kept = value !== null && typeof value === "object" && !Array.isArray(value) ? omitEmpty(value) : value;
        const empty = kept === undefined || kept === null || kept === "" || (typeof kept === "object" && Object.keys(kept).length === 0);
        if (!empty) out[key] = kept;
    }
    return out as Partial<T>;
}

/** The Image shape of JD Cloud's describeImage: the description goes out as `desc`, `progress` is a string. */
export function renderImage(m: JdVmModel, img: JdImage) {
    const status = m.imageStatus(img);
    const task = m.taskProgress(m.taskOf(img));
    // The snapshot exists from the start, but the image names it only once the import has filled it.
    const snapshotId = task.status === "finished" ? img.snapshotId : "";
    return omitEmpty({
        imageId: img.id,
        name: img.name,
        platform: img.platform,
        osVersion: img.osVersion,
        architecture: img.architecture,
        systemDiskSizeGB: img.systemDiskSizeGB,
        imageSource: "private",
        osType: img.osType,
        status,
        createTime: formatTime(img.createdAt),
        sizeMB: snapshotId ? sizeMbOf(img) : 0,
        desc: img.description,
        ownerPin: img.account,
        // [INF] The default login of the imported OS family.
        loginName: img.osType === "windows" ? "administrator" : "root",
        launchPermission: "ownerOnly",
        // Imports always produce cloud-disk system-disk images (importImage's documentation).
        systemDisk: {
            diskCategory: "cloud",
            autoDelete: true,
            deviceName: "vda",
            cloudDisk: { diskSizeGB: img.systemDiskSizeGB, diskType: "ssd.gp1", snapshotId, encrypted: false },
        },
        dataDisks: [],
        snapshotId,
        rootDeviceType: "cloudDisk",
        progress: String(task.progress),
        offline: false,
        imported: true,
        expiredTime: "",
        instanceId: "",
        bootMode: "bios",
        chargeInfo: { serviceCode: "", formula: [] },
    });
}

/** [INF] The errorInfo of a failed import (the failure convention's outcome). */
export const IMPORT_FAILURE_INFO = "Image file check failed: the image file is corrupted or its format is not supported";

type TaskShape = CloudContext["options"]["jdcloudTaskShape"];

/** The option is checked here because it can be patched at run time to any string. */
export function taskShape(ctx: CloudContext): TaskShape {
    const shape = ctx.options.jdcloudTaskShape;
    if (shape !== "current" && shape !== "older") throw new EmuError("INTERNAL", `option jdcloudTaskShape must be current or older, not ${shape}`, 500);
    return shape;
}

/** importImage's result: the SDK documents a string `taskId`; earlier API pages an integer `importTaskId`. */
export function renderImportResult(shape: TaskShape, { imageId, taskId }: { imageId: string; taskId: string }) {
    return shape === "current" ? { imageId, taskId } : { imageId, importTaskId: Number(taskId) };
}

/**
 * TaskInfo of JD Cloud's imageTasks (`progress` is an integer here, unlike the Image's). The current
 * shape names the action `ImportImage` and puts a failure's reason in `errorInfo`; the older one, as JD's
 * API page shows it, names it `ImportImageTask`, numbers tasks with integers and puts the reason in `message`.
 */
export function renderTask(m: JdVmModel, task: JdTask, shape: TaskShape) {
    const { status, progress } = m.taskProgress(task);
    const finishedAt = m.taskFinishedAt(task);
    const reason = status === "failed" ? IMPORT_FAILURE_INFO : "";
    const current = shape === "current";
    return omitEmpty({
        taskId: current ? task.id : Number(task.id),
        action: current ? "ImportImage" : "ImportImageTask",
        taskStatus: status,
        progress,
        errorInfo: current ? reason : "",
        message: current ? "" : reason,
        createdTime: formatTime(task.createdAt),
        finishedTime: finishedAt === undefined ? "" : formatTime(finishedAt),
        imageId: task.imageId,
        imageName: task.imageName,
        imageUrl: task.imageUrl,
        ossUrl: "",
        ossObject: "",
    });
}

/** How the emulator's state shows a snapshot (JD VM has no snapshot call of its own: they are the disk service's). */
export function renderSnapshot(m: JdVmModel, snap: JdSnapshot) {
    return {
        snapshotId: snap.id,
        account: snap.account,
        region: snap.region,
        imageId: snap.imageId,
        status: m.snapshotStatus(snap),
        diskSizeGB: snap.diskSizeGB,
        createTime: formatTime(snap.createdAt),
    };
}
