import { hmac } from "../core/crypto";

/** RFC 3986 encoding as pop-core applies it: encodeURIComponent plus the five characters it leaves alone. */
export function percentEncode(s: string): string {
    return encodeURIComponent(s)
        .replace(/!/g, "%21")
        .replace(/'/g, "%27")
        .replace(/\(/g, "%28")
        .replace(/\)/g, "%29")
        .replace(/\*/g, "%2A");
}

/**
 * `k=v` pairs sorted by the raw key (JS default sort, as pop-core sorts before encoding), without the
 * Signature itself, which the SDK appends after signing.
 */
export function canonicalize(params: Record<string, string>): string {
    return Object.keys(params)
        .filter((k) => k !== "Signature")
        .sort()
        .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
        .join("&");
}

/** The path is always signed as "/", whatever the request path (as aliyun/openapi-core-nodejs-sdk signs). */
export function stringToSign(method: string, params: Record<string, string>): string {
    return `${method.toUpperCase()}&${percentEncode("/")}&${percentEncode(canonicalize(params))}`;
}

/** Signature v1.0: base64(HMAC-SHA1(secret + "&", stringToSign)). */
export function rpcSignature(toSign: string, secret: string): string {
    return hmac("sha1", `${secret}&`, toSign).toString("base64");
}
