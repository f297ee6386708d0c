import type { JdImage, JdTask, JdVmModel } from "./models";

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

/** The Image shape of JD Cloud's describeImage: the description goes out as `desc`, `progress` is a string. */
export function renderImage(m: JdVmModel, img: JdImage) {
    const status = m.imageStatus(img);
    const { progress } = m.taskProgress(m.taskOf(img));
    const snapshotId = status === "ready" ? img.snapshotId : "";
    return {
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
        sizeMB: status === "ready" ? sizeMbOf(img) : 0,
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
        progress: String(progress),
        offline: false,
        imported: true,
        expiredTime: "",
        instanceId: "",
        bootMode: "bios",
        chargeInfo: { serviceCode: "", formula: [] },
    };
}

/** [INF] The errorInfo of a failed import (the failure convention's outcome). */
export const IMPORT_FAILURE_INFO = "Image file check failed: the image file is corrupted or its format is not supported";

/** TaskInfo of JD Cloud's imageTasks (`progress` is an integer here, unlike the Image's). */
export function renderTask(m: JdVmModel, task: JdTask) {
    const { status, progress } = m.taskProgress(task);
    const finishedAt = m.taskFinishedAt(task);
    return {
        taskId: task.id,
        action: task.action,
        taskStatus: status,
        progress,
        errorInfo: status === "failed" ? IMPORT_FAILURE_INFO : "",
        message: "",
        createdTime: formatTime(task.createdAt),
        finishedTime: finishedAt === undefined ? "" : formatTime(finishedAt),
        imageId: task.imageId,
        imageName: task.imageName,
        imageUrl: task.imageUrl,
        ossUrl: "",
        ossObject: "",
    };
}
