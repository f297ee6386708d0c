import { CloudError, type ErrorKind } from "../core/errors";

/** A product's own codes (CVM's, ECM's), looked at after the common families and before the generic rules. */
export type ProductCodes = readonly (readonly [RegExp, ErrorKind])[];

/**
 * What the common Tencent Cloud error code families mean for retries and waits
 * (https://www.tencentcloud.com/document/api/213/33281). Auth and region errors are decided first:
 * `AuthFailure.SecretIdNotFound` or `InvalidRegion.NotFound` must never read as "the image is already
 * gone", or a delete with a bad key would drop a live image from the stack.
 */
function kindOf(code: string, product: ProductCodes): ErrorKind {
    if (/^(AuthFailure|UnauthorizedOperation)/.test(code)) return "auth";
    if (/^(InvalidRegion|UnsupportedRegion)/.test(code)) return "invalid";
    if (/^RequestLimitExceeded|^LimitExceeded\.RateLimitExceeded/.test(code)) return "throttled";
    if (/^(InternalError|ServiceUnavailable)/.test(code)) return "transient";
    if (/^MutexOperation/.test(code)) return "busy";
    if (/^ResourceNotFound$/.test(code)) return "not-found";
    for (const [re, kind] of product) if (re.test(code)) return kind;
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
export function tencentError(cloud: string, action: string, e: unknown, product: ProductCodes = []): CloudError {
    if (e instanceof CloudError) return e;
    const err = (e ?? {}) as TencentSdkError;
    if (typeof err.code === "string" && err.code) {
        return new CloudError({ cloud, action, code: err.code, message: err.message ?? "", requestId: err.requestId, kind: kindOf(err.code, product) });
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
