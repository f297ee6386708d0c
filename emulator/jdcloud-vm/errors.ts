import { EmuError } from "../core/types";

/**
 * JD answers errors with a non-2xx status and `error: {code: <status as int>, status, message}`
 * (as jdcloud-api/jdcloud-sdk-js reads it); the canonical status string travels as the EmuError code.
 */
const jdError = (status: string, httpStatus: number, message: string) => new EmuError(status, message, httpStatus);

export const invalidArgument = (message: string) => jdError("INVALID_ARGUMENT", 400, message);
export const outOfRange = (message: string) => jdError("OUT_OF_RANGE", 400, message);
export const failedPrecondition = (message: string) => jdError("FAILED_PRECONDITION", 400, message);
export const conflict = (message: string) => jdError("CONFLICT", 400, message);
export const notFound = (message: string) => jdError("NOT_FOUND", 404, message);
/**
 * Authentication is the gateway's, and it answers 401 ACCESS_ERROR, marking its own messages "[gw]"
 * (a bad signature, as a user met it: jdcloud-api/jdcloud-sdk-php#88). Only that message is the
 * gateway's; the others are the emulator's, in the same form.
 */
export const accessError = (message: string) => jdError("ACCESS_ERROR", 401, `${message} [gw]`);
export const signatureMismatch = () => accessError("sign result is not same");

/*
 * Quota and throttling both come back as HTTP 429 with `code: 429`: only `status` (and the message)
 * tells them apart. A quota does not clear by waiting, so a client that retries every 429 waits forever.
 */
export const quotaExceeded = () => jdError("QUOTA_EXCEEDED", 429, "Image quota limit exceeded");
/** [INF] The snapshot quota is the disk service's; this is the image quota's answer, for snapshots. */
export const snapshotQuotaExceeded = () => jdError("QUOTA_EXCEEDED", 429, "Snapshot quota limit exceeded");
/** [INF] The gateway's throttle answer: JD documents the 429 but not its status string. */
export const rateExceeded = () => jdError("RESOURCE_EXHAUSTED", 429, "Request rate exceeded");

export const missingParameter = (name: string) => invalidArgument(`Parameter ${name} missing`);
export const imageNotFound = (id: string) => notFound(`Image '${id}' not found`);
/** A documented deleteImage refusal; [INF] also what an image already being deleted answers. */
export const imageBusy = (id: string) => failedPrecondition(`The image '${id}' is busy`);
export const underlayTaskConflict = (taskId: string) => failedPrecondition(`Conflict with underlay image task '${taskId}'`);
export const ossRegionMismatch = (ossRegion: string, region: string) =>
    conflict(`OssRegion '${ossRegion}' not match current region '${region}'`);

/** Canonical status strings keyed by HTTP status, for errors that do not carry one (injected faults, internal errors). */
const STATUS_BY_HTTP: Record<number, string> = {
    400: "INVALID_ARGUMENT",
    401: "ACCESS_ERROR",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
};

/** The `status` string of an error: its own code when that is already canonical, else derived from the HTTP status. */
export function statusOf(err: EmuError): string {
    if (/^[A-Z][A-Z_]*$/.test(err.code)) return err.code;
    return STATUS_BY_HTTP[err.httpStatus] ?? (err.httpStatus >= 500 ? "UNKNOWN" : "INVALID_ARGUMENT");
}
