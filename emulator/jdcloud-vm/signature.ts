import * as querystring from "querystring";
import type { IncomingHttpHeaders } from "http";
import { constantTimeEqual, hmac, sha256Hex } from "../core/crypto";
import { findCredential, type Credential } from "../core/options";
import type { CloudContext, EmuRequest } from "../core/types";
import { accessError, signatureMismatch } from "./errors";

export const ALGORITHM = "JDCLOUD2-HMAC-SHA256";
/** The service of the credential scope; the SDK's serviceId for the vm module. */
export const SERVICE = "vm";
/** [INF] JD documents no window; ±15 min as in SigV4, which JDCLOUD2 is derived from. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

const AUTH = /^JDCLOUD2-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/jdcloud2_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;
const DATETIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export interface JdAuthorization {
    accessKeyId: string;
    date: string;
    region: string;
    service: string;
    signedHeaders: string[];
    signature: string;
}

export function parseAuthorization(header: string | undefined): JdAuthorization | undefined {
    const m = AUTH.exec(header ?? "");
    if (!m) return undefined;
    return { accessKeyId: m[1], date: m[2], region: m[3], service: m[4], signedHeaders: m[5].split(";"), signature: m[6] };
}

/** Epoch ms of an `x-jdcloud-date` (yyyyMMdd'T'HHmmss'Z'), or undefined when malformed. */
export function parseJdDate(value: string): number | undefined {
    const m = DATETIME.exec(value);
    if (!m) return undefined;
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    return new Date(ms).getUTCDate() === d ? ms : undefined;
}

/** The SDK's `util.uriEscape`: encodeURIComponent plus escaping of !'()* and anything else outside [A-Za-z0-9_.~-%]. */
function uriEscape(s: string): string {
    return encodeURIComponent(s)
        .replace(/[^A-Za-z0-9_.~\-%]+/g, escape)
        .replace(/[*]/g, (ch) => "%" + ch.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * The query as the SDK canonicalises it: parsed with Node's querystring (so `+` and `%20` are the
 * same space), keys sorted, keys and values re-escaped, repeated keys with their values sorted.
 */
export function canonicalQuery(rawQuery: string): string {
    if (!rawQuery) return "";
    const params = querystring.parse(rawQuery);
    return Object.keys(params)
        .sort()
        .map((name) => {
            const key = uriEscape(name);
            const value = params[name];
            if (Array.isArray(value)) return `${key}=` + value.map(uriEscape).sort().join(`&${key}=`);
            return `${key}=${uriEscape(value ?? "")}`;
        })
        .join("&");
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
    const v = headers[name];
    const s = Array.isArray(v) ? v.join(", ") : (v ?? "");
    return s.replace(/\s+/g, " ").trim();
}

/** What the signature covers; the signer keeps the still-escaped path and the Host header with its port. */
export interface SignedPart {
    method: string;
    rawPath: string;
    rawQuery: string;
    headers: IncomingHttpHeaders;
    body: Buffer | string;
}

export function canonicalRequest(req: SignedPart, signedHeaders: string[]): string {
    const canonicalHeaders = signedHeaders.map((h) => `${h}:${headerValue(req.headers, h)}`).join("\n");
    return [req.method, req.rawPath, canonicalQuery(req.rawQuery), canonicalHeaders + "\n", signedHeaders.join(";"), sha256Hex(req.body)].join("\n");
}

export const credentialScope = (date: string, region: string, service: string) => `${date}/${region}/${service}/jdcloud2_request`;

export function stringToSign(datetime: string, scope: string, canonical: string): string {
    return [ALGORITHM, datetime, scope, sha256Hex(canonical)].join("\n");
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
    const kDate = hmac("sha256", `JDCLOUD2${secret}`, date);
    const kRegion = hmac("sha256", kDate, region);
    const kService = hmac("sha256", kRegion, service);
    return hmac("sha256", kService, "jdcloud2_request");
}

/** The signature the SDK would have sent for this request, signed for `region` (the path region). */
export function jdSignature(req: SignedPart, signedHeaders: string[], secret: string, datetime: string, region: string): string {
    const date = datetime.slice(0, 8);
    const sts = stringToSign(datetime, credentialScope(date, region, SERVICE), canonicalRequest(req, signedHeaders));
    return hmac("sha256", signingKey(secret, date, region, SERVICE), sts).toString("hex");
}

/**
 * Authenticates a request for the path region `region` and returns the caller's credential.
 * Messages never echo keys or signatures.
 */
export function authenticate(req: EmuRequest, region: string, ctx: CloudContext): Credential {
    const auth = parseAuthorization(headerValue(req.headers, "authorization"));
    if (!auth) throw accessError("Authorization header is missing or malformed");
    const cred = findCredential(ctx.options, "jdcloud", auth.accessKeyId);
    if (!cred) throw accessError("The access key does not exist");
    if (ctx.options.signatures === "off") return cred;

    const datetime = headerValue(req.headers, "x-jdcloud-date");
    const signedAt = parseJdDate(datetime);
    if (signedAt === undefined) throw accessError("Header x-jdcloud-date is missing or malformed");
    if (Math.abs(ctx.clock.now() - signedAt) > MAX_SKEW_MS) {
        throw accessError("Request has expired: x-jdcloud-date differs from the server time by more than 15 minutes");
    }
    if (auth.date !== datetime.slice(0, 8) || auth.region !== region || auth.service !== SERVICE) {
        throw accessError("Credential scope does not match the request date, region or service");
    }
    // [INF] Headers the SDK always signs must be signed, so a replay cannot swap them unnoticed.
    const unsigned = ["host", "x-jdcloud-date", ...Object.keys(req.headers).filter((h) => h.startsWith("x-jdcloud-"))].filter(
        (h) => !auth.signedHeaders.includes(h),
    );
    if (unsigned.length) throw accessError(`Header ${unsigned[0]} must be signed`);
    if (!constantTimeEqual(jdSignature(req, auth.signedHeaders, cred.secret, datetime, region), auth.signature)) {
        throw signatureMismatch();
    }
    return cred;
}
