/**
 * Query parameters that carry a presigned URL's signature or its short-lived credentials (COS
 * q-sign-*, S3/OSS v4 X-Amz-*, OSS v1 Signature/Expires/OSSAccessKeyId, STS tokens). They change
 * on every re-sign and must never be stored or printed.
 */
const SIGNATURE_PARAM = /^(q-[a-z-]+|x-amz-.*|x-oss-.*|x-cos-security-token|x-jdcloud-.*|signature|expires|ossaccesskeyid|security-token|sign|token)$/i;

/** The URL without its signature: what identifies the object, and what is safe to keep. */
export function stripSignature(url: string): string {
    let u: URL;
    try {
        u = new URL(url);
    } catch {
        return url;
    }
    for (const key of [...u.searchParams.keys()]) if (SIGNATURE_PARAM.test(key)) u.searchParams.delete(key);
    return u.toString();
}

export function hasSignature(url: string): boolean {
    return stripSignature(url) !== safeUrl(url);
}

function safeUrl(url: string): string {
    try {
        return new URL(url).toString();
    } catch {
        return url;
    }
}

/** A URL or a list of URLs without signatures; anything else as it is. */
export function stripSignatures(v: unknown): unknown {
    if (typeof v === "string") return stripSignature(v);
    if (Array.isArray(v)) return v.map((x) => (typeof x === "string" ? stripSignature(x) : x));
    return v;
}

export function containsSignature(v: unknown): boolean {
    if (typeof v === "string") return hasSignature(v);
    return Array.isArray(v) && v.some((x) => typeof x === "string" && hasSignature(x));
}

/** Removes signatures from every URL inside free text (cloud error messages may echo the request). */
export function redactUrls(text: string): string {
    return text.replace(/https?:\/\/[^\s"'`<>]+/g, (m) => stripSignature(m));
}
