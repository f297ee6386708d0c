import { CloudError, type ErrorKind } from "../core/errors";

/**
 * JD's canonical error statuses (the error tables of the VM API pages, https://docs.jdcloud.com/en/virtual-machines/api/importimage
 * and its neighbours) and what they mean for retries and waits. The status decides, not the HTTP code: JD
 * answers both a throttled call and a full quota with 429, and only RESOURCE_EXHAUSTED clears by waiting.
 * Auth is decided before anything can read as "already gone", so a delete with a bad key never drops a live image.
 */
const KINDS: Readonly<Record<string, ErrorKind>> = {
    ACCESS_ERROR: "auth",
    UNAUTHENTICATED: "auth",
    PERMISSION_DENIED: "auth",
    RESOURCE_EXHAUSTED: "throttled",
    QUOTA_EXCEEDED: "other",
    INTERNAL: "transient",
    UNKNOWN: "transient",
    UNAVAILABLE: "transient",
    DEADLINE_EXCEEDED: "transient",
    NOT_FOUND: "not-found",
    // A task still runs on the image, it is busy (copied, converted) or already being deleted.
    FAILED_PRECONDITION: "busy",
    // CONFLICT is the OSS region not matching the image's: a wrong request, not a name clash (JD names need not be unique).
    CONFLICT: "invalid",
    INVALID_ARGUMENT: "invalid",
    OUT_OF_RANGE: "invalid",
};

/** What a user does about an error that waiting cannot fix. */
const ADVICE: Partial<Record<ErrorKind | "quota", string>> = {
    auth: "JD Cloud refused the credentials: check jdcloud:accessKey and jdcloud:secretKey (or JDCLOUD_ACCESS_KEY and JDCLOUD_SECRET_KEY)",
    quota:
        "a quota, which waiting does not clear: delete unused images (and the snapshots images leave behind) in this region, or ask JD Cloud to raise the quota",
};

/** The SDK's own rejection: the parsed error body, a plain object; `{requestId}` alone when the body was not JSON. */
interface JdRejection {
    requestId?: string;
    error?: { code?: number; status?: string; message?: string };
    responseObj?: { status?: number };
}

/** A call the SDK (which has no timeout of its own) did not answer in time. */
export class RequestTimeout extends Error {
    constructor(readonly ms: number) {
        super(`no answer within ${ms / 1000} s`);
        this.name = "RequestTimeout";
    }
}

function kindByHttp(httpStatus: number | undefined, message: string): ErrorKind {
    if (httpStatus === undefined) return "other";
    if (httpStatus === 401 || httpStatus === 403) return "auth";
    if (httpStatus === 429) return /quota/i.test(message) ? "other" : "throttled";
    if (httpStatus >= 500) return "transient";
    return httpStatus === 400 ? "invalid" : "other";
}

/**
 * One CloudError for every way a jdcloud-sdk-js call fails: JD's error envelope; `{requestId}` alone (a
 * gateway's non-JSON error page) and node-fetch's FetchError, which may or may not have reached the cloud;
 * a timeout; anything else the SDK throws (a missing parameter) as it is.
 */
export function jdcloudError(cloud: string, action: string, e: unknown): CloudError {
    if (e instanceof CloudError) return e;
    if (e instanceof RequestTimeout) return new CloudError({ cloud, action, code: "RequestTimeout", message: e.message, kind: "transient" });
    if (e instanceof Error) {
        const fetchFailed = e.name === "FetchError";
        const code = fetchFailed ? String((e as { code?: string }).code ?? "NetworkError") : e.name;
        return new CloudError({ cloud, action, code, message: e.message, kind: fetchFailed ? "transient" : "other" });
    }
    const body = (e ?? {}) as JdRejection;
    if (!body.error) {
        return new CloudError({ cloud, action, code: "NonJsonError", message: "the gateway answered with an error page that is not JSON", requestId: body.requestId || undefined, kind: "transient" });
    }
    const httpStatus = body.responseObj?.status ?? body.error.code;
    const message = body.error.message ?? "";
    const code = body.error.status || `HTTP${httpStatus ?? ""}`;
    const kind = KINDS[code] ?? kindByHttp(httpStatus, message);
    const advice = code === "QUOTA_EXCEEDED" ? ADVICE.quota : ADVICE[kind];
    return new CloudError({ cloud, action, code, message: advice ? `${message} (${advice})` : message, requestId: body.requestId, kind, httpStatus });
}
