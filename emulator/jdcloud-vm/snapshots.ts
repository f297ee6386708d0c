import { randomAlnum } from "../core/ids";
import type { TaskStatus } from "./models";

/**
 * The snapshot of an imported image's system disk: importImage's documentation says an import makes
 * "a snapshot associated with the imported image". deleteImage keeps it unless `deleteSnapshot=true`,
 * so a client that forgets the flag leaves snapshots behind, billed and counting against the quota.
 */
export interface JdSnapshot {
    id: string;
    account: string;
    region: string;
    /** The image it was made for, kept once that image is gone, so a leftover still names its source. */
    imageId: string;
    /** The import that fills it: its outcome is the snapshot's. */
    taskId: string;
    diskSizeGB: number;
    createdAt: number;
}

/** Of JD Cloud Disk's snapshot statuses (creating, available, copying, deleting, error_create, error_delete), those an import's snapshot goes through. */
export type SnapshotStatus = "creating" | "available" | "deleting" | "error_create";

/** Like `snapshot-h8u1abcd36`, describeImage's example. */
export const newSnapshotId = () => `snapshot-${randomAlnum(10)}`;

/** [INF] A failed import leaves its snapshot failed rather than removing it: deleting it is still the client's job. */
export function snapshotStatus(task: TaskStatus, goingWithImage: boolean): SnapshotStatus {
    if (goingWithImage) return "deleting";
    return task === "finished" ? "available" : task === "failed" ? "error_create" : "creating";
}
