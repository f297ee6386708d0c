import { CloudError, type ErrorKind } from "../core/errors";

/**
 * Reference §2.4: what each Tencent error code family means for retries and waits. Auth and region
 * errors are decided first: `AuthFailure.SecretIdNotFound` or `InvalidRegion.NotFound` must never
 * read as "the image is already gone", or a delete with a bad key would drop a live image from the stack.
 */
function kindOf(code: string): ErrorKind {
    if (/^(AuthFailure|UnauthorizedOperation)/.test(code)) return "auth";
    if (/^(InvalidRegion|UnsupportedRegion)/.test(code)) return "invalid";
    if (/^RequestLimitExceeded|^LimitExceeded\.RateLimitExceeded/.test(code)) return "throttled";
    if (/^(InternalError|ServiceUnavailable|FailedOperation\.InternalOperationFailure)/.test(code)) return "transient";
    if (/^(MutexOperation|InvalidImageId\.IncorrectState|FailedOperation\.ImageInUse|FailedOperation\.OperationNotAllow)/.test(code)) return "busy";
    if (/^(InvalidImageId\.NotFound|ResourceNotFound)$/.test(code)) return "not-found";
    if (/Duplicate$/.test(code)) return "conflict";
    if (/^(Invalid|Missing|Unknown|DryRunOperation)/.test(code)) return "invalid";
    return "other";
}

interface TencentSdkError {
    message?: string;
    code?: string;
    requestId?: string;
    httpCode?: number;
}

/**
 * TencentCloudSDKHttpException carries `code` only for API errors (HTTP 200 envelope); a non-200
 * status gives `httpCode`, and a network failure neither — both may or may not have been executed.
 */
export function tencentError(cloud: string, action: string, e: unknown): CloudError {
    if (e instanceof CloudError) return e;
    const err = (e ?? {}) as TencentSdkError;
    if (typeof err.code === "string" && err.code) {
        return new CloudError({ cloud, action, code: err.code, message: err.message ?? "", requestId: err.requestId, kind: kindOf(err.code) });
    }
    const status = typeof err.httpCode === "number" ? err.httpCode : undefined;
    return new CloudError({
        cloud,
        action,
        code: status ? `HTTP${status}` : "NetworkError",
        message: err.message ?? String(e),
        kind: status === undefined || status >= 500 || status === 429 ? "transient" : "other",
        httpStatus: status,
    });
}
