import type { ImportPlan } from "../core/lifecycle";

/** Every Status DescribeSelfImages documents (ENS DescribeSelfImages API reference). */
export type EnsImageStatus = "Creating" | "Packing" | "Uploading" | "Copying" | "Available" | EnsFailure;
export type EnsFailure = "Pack_failed" | "Upload_failed" | "Unavailable";

/**
 * The steps of an import, in order. A step ends once this share of the import's duration has passed
 * [INF: the cloud publishes the states, not their order or length]; an import that fails in a step
 * reports the step's failure from then on and never reaches the next one.
 */
const STEPS: readonly { status: EnsImageStatus; endsAt: number; failure?: EnsFailure }[] = [
    { status: "Creating", endsAt: 0.1 },
    { status: "Packing", endsAt: 0.4, failure: "Pack_failed" },
    { status: "Uploading", endsAt: 0.7, failure: "Upload_failed" },
    { status: "Copying", endsAt: 1, failure: "Unavailable" },
];

/** Statuses in which DeleteImage is refused: the import is still running. */
export const BUSY: ReadonlySet<EnsImageStatus> = new Set(STEPS.map((s) => s.status));

/**
 * The failure convention on ENS, read from the OSS object keys of all the image's disks; the step
 * that fails first wins:
 * - a key containing "pack-fail": Creating, Packing, then Pack_failed;
 * - a key containing the failure marker (option `failureMarker`, "fail" by default): Creating,
 *   Packing, Uploading, then Upload_failed;
 * - a key containing "unavailable": every step, then Unavailable instead of Available.
 * An empty failure marker turns the whole convention off, these markers included.
 */
export function failureOf(objectKeys: string, failureMarker: string): EnsFailure | undefined {
    if (failureMarker === "") return undefined;
    if (objectKeys.includes("pack-fail")) return "Pack_failed";
    if (objectKeys.includes(failureMarker)) return "Upload_failed";
    if (objectKeys.includes("unavailable")) return "Unavailable";
    return undefined;
}

/** Where an import stands at `nowMs` (the emulator's import clock). */
export function statusAt(plan: ImportPlan, failure: EnsFailure | undefined, nowMs: number): EnsImageStatus {
    const total = plan.readyAt - plan.startedAt;
    const share = total <= 0 ? 1 : (nowMs - plan.startedAt) / total;
    for (const step of STEPS) {
        if (share < step.endsAt) return step.status;
        if (failure !== undefined && step.failure === failure) return failure;
    }
    return "Available";
}
