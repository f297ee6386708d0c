import { constantTimeEqual, hmac, sha256Hex } from "../core/crypto";
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
 * The values a client may have signed for the Host header it sent. The cloud verifies the canonical
 * request the client signed, and official SDKs differ on the host: tencentcloud-sdk-go signs the Host
 * exactly as sent, port included (common/client.go); tencentcloud-sdk-nodejs signs `new URL(url).hostname`, the host without its port, although its Host
 * header carries the port. Both are the header the client sent, so both verify; nothing else does.
 */
export function signedHostForms(host: string): string[] {
    const withoutPort = host.replace(/:\d+$/, "");
    return withoutPort === host ? [host] : [host, withoutPort];
}

/**
 * The TC3 signature over the request, with `host` as the signed value of the Host header (by default
 * the header as sent). The service comes from the credential scope: with an endpoint of 127.0.0.1:PORT
 * the Node SDK signs for service "127".
 */
export function tc3Signature(req: EmuRequest, auth: Tc3Authorization, secretKey: string, timestamp: string, host = String(req.headers.host ?? "")): string {
    const canonicalHeaders = auth.signedHeaders
        .map((h) => {
            const value = h === "host" ? host : String(req.headers[h] ?? "");
            return `${h}:${value.trim().toLowerCase()}\n`;
        })
        .join("");
    // The canonical query string is the URL's for GET, where the parameters travel, and empty for POST.
    const query = req.method === "GET" ? req.rawQuery : "";
    const canonicalRequest = [req.method, "/", query, canonicalHeaders, auth.signedHeaders.join(";"), sha256Hex(req.body)].join("\n");
    const scope = `${auth.date}/${auth.service}/tc3_request`;
    const stringToSign = ["TC3-HMAC-SHA256", timestamp, scope, sha256Hex(canonicalRequest)].join("\n");
    const kDate = hmac("sha256", `TC3${secretKey}`, auth.date);
    const kService = hmac("sha256", kDate, auth.service);
    const kSigning = hmac("sha256", kService, "tc3_request");
    return hmac("sha256", kSigning, stringToSign).toString("hex");
}

/** Whether the request's signature is the secret key's over one of the forms of its Host the clients sign. */
export function tc3Verifies(req: EmuRequest, auth: Tc3Authorization, secretKey: string, timestamp: string): boolean {
    return signedHostForms(String(req.headers.host ?? "")).some((host) => constantTimeEqual(tc3Signature(req, auth, secretKey, timestamp, host), auth.signature));
}
