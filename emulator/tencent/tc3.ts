import { hmac, sha256Hex } from "../core/crypto";
import type { EmuRequest } from "../core/types";

const AUTH = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;

export interface Tc3Authorization {
    secretId: string;
    date: string;
    service: string;
    signedHeaders: string[];
    signature: string;
}

export function parseAuthorization(header: string | undefined): Tc3Authorization | undefined {
    const m = AUTH.exec(header ?? "");
    if (!m) return undefined;
    return { secretId: m[1], date: m[2], service: m[3], signedHeaders: m[4].split(";"), signature: m[5] };
}

/**
 * The TC3 signature as tencentcloud-sdk-nodejs computes it. The host is signed without its port
 * although the Host header carries it, and the service comes from the credential scope: with an
 * endpoint of 127.0.0.1:PORT the SDK signs for service "127".
 */
export function tc3Signature(req: EmuRequest, auth: Tc3Authorization, secretKey: string, timestamp: string): string {
    const canonicalHeaders = auth.signedHeaders
        .map((h) => {
            const raw = String(req.headers[h] ?? "");
            const value = h === "host" ? raw.replace(/:\d+$/, "") : raw;
            return `${h}:${value.trim().toLowerCase()}\n`;
        })
        .join("");
    const canonicalRequest = [req.method, "/", "", canonicalHeaders, auth.signedHeaders.join(";"), sha256Hex(req.body)].join("\n");
    const scope = `${auth.date}/${auth.service}/tc3_request`;
    const stringToSign = ["TC3-HMAC-SHA256", timestamp, scope, sha256Hex(canonicalRequest)].join("\n");
    const kDate = hmac("sha256", `TC3${secretKey}`, auth.date);
    const kService = hmac("sha256", kDate, auth.service);
    const kSigning = hmac("sha256", kService, "tc3_request");
    return hmac("sha256", kSigning, stringToSign).toString("hex");
}
