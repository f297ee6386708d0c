import { CloudError, type ErrorKind } from "../core/errors";
import { CodelessError } from "./rpc";

/** A product's own codes (ENS's), looked at after the common families and before the generic rules. */
export type ProductCodes = readonly (readonly [RegExp, ErrorKind])[];

/**
 * What the error codes every Alibaba Cloud RPC API shares mean for retries and waits: `Throttling*` (user,
 * API or request flow control), `ServiceUnavailable` and `InternalError`, the key and signature codes, and
 * `InvalidParameter*` / `MissingParameter*`. The code decides, never the HTTP status: Alibaba answers
 * throttling and most errors with 400, and a key that is not found (`InvalidAccessKeyId.NotFound`, 404)
 * must never read as "the image is already gone".
 */
function kindOf(code: string, product: ProductCodes): ErrorKind {
    if (/^(InvalidAccessKeyId|InvalidSecurityToken|SignatureDoesNotMatch|IncompleteSignature|NoPermission|Forbidden)/.test(code)) return "auth";
    if (/^Throttling/.test(code)) return "throttled";
    if (/^(ServiceUnavailable|InternalError|SystemBusy|UnknownError)/.test(code)) return "transient";
    for (const [re, kind] of product) if (re.test(code)) return kind;
    if (/^(Invalid|Missing)/.test(code)) return "invalid";
    return "other";
}

interface PopError {
    name?: string;
    message?: string;
    code?: unknown;
    data?: { RequestId?: string; Message?: string; Code?: string };
    entry?: { response?: { statusCode?: number } };
}

/**
 * pop-core's message repeats the request URL, and a signature mismatch echoes the string to sign, which
 * carries the STS token where one is used: neither belongs in an error a user pastes somewhere.
 */
function cleanMessage(text: string): string {
    return text.replace(/,\s*URL:\s*\S*\s*$/, "").replace(/\s*server string to sign is:[\s\S]*$/i, " (check the access key secret)");
}

/**
 * pop-core rejects with an Error carrying the body's `Code` (and `data`, `entry`) for API errors; with a
 * plain `{ name: "SyntaxError" }` object when the answer is not JSON (a gateway's or proxy's error page);
 * with Node's network errors (`code` ECONNRESET, ...) or a `RequestTimeoutError`. All but API errors may or
 * may not have been executed.
 */
export function alicloudError(cloud: string, action: string, e: unknown, product: ProductCodes = []): CloudError {
    if (e instanceof CloudError) return e;
    if (e instanceof CodelessError) {
        return new CloudError({ cloud, action, code: `HTTP${e.status}`, message: e.message, requestId: String(e.body.RequestId ?? ""), kind: e.status >= 500 || e.status === 429 ? "transient" : "other", httpStatus: e.status });
    }
    const err = (e ?? {}) as PopError;
    const status = err.entry?.response?.statusCode;
    // An API error: the body's Code, whatever its type (pop-core throws for any truthy one it does not know).
    if (err.data && err.code !== undefined && err.code !== null && err.code !== "") {
        const code = String(err.code);
        return new CloudError({ cloud, action, code, message: cleanMessage(err.data.Message ?? err.message ?? ""), requestId: err.data.RequestId, kind: kindOf(code, product), httpStatus: status });
    }
    if (err.name === "SyntaxError") {
        return new CloudError({ cloud, action, code: "NotJson", message: "the answer was not JSON (a gateway or proxy error page)", kind: "transient" });
    }
    const code = typeof err.code === "string" && err.code ? err.code : err.name === "RequestTimeoutError" || /Timeout/.test(err.name ?? "") ? "RequestTimeout" : "NetworkError";
    return new CloudError({ cloud, action, code, message: cleanMessage(err.message ?? String(e)), kind: "transient" });
}
