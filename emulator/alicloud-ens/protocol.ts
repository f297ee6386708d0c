import { randomUUID } from "crypto";
import { constantTimeEqual } from "../core/crypto";
import { findCredential } from "../core/options";
import type { CloudContext, EmuError, EmuRequest, EmuResponse, ParsedCall } from "../core/types";
import {
    accessKeyNotFound,
    actionNotFound,
    incompleteSignature,
    invalidCommon,
    invalidVersion,
    malformedEncoding,
    missingParam,
    nonceUsed,
    signatureMismatch,
    timestampExpired,
    timestampFormat,
} from "./errors";
import { useNonce } from "./nonces";
import { rpcSignature, stringToSign } from "./signature";

export const ENS_VERSION = "2017-11-10";
const HOST_ID = "ens.aliyuncs.com";
const MAX_SKEW_MS = 15 * 60 * 1000;
/** YYYY-MM-DDThh:mm:ssZ as the SDKs send it; fractional seconds are tolerated. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Parameters that belong to the RPC protocol, not to the action. */
const COMMON = new Set([
    "Action", "Version", "Format", "Timestamp", "AccessKeyId", "SecurityToken",
    "SignatureMethod", "SignatureVersion", "SignatureNonce", "Signature",
]);

/**
 * `k=v&...` decoded with decodeURIComponent only: `+` stays a plus, because pop-core encodes a space
 * as %20 and signs it that way. Throws URIError on a malformed escape.
 */
function decodeForm(raw: string, into: Record<string, string>): void {
    for (const pair of raw.split("&")) {
        if (!pair) continue;
        const eq = pair.indexOf("=");
        const k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
        into[k] = eq < 0 ? "" : decodeURIComponent(pair.slice(eq + 1));
    }
}

function isForm(req: EmuRequest): boolean {
    const type = String(req.headers["content-type"] ?? "");
    return type === "" || type.toLowerCase().startsWith("application/x-www-form-urlencoded");
}

/**
 * Parameters from the query and the form body together, as the gateway accepts them; a key sent in
 * both places takes the body's value.
 */
export function requestParams(req: EmuRequest): Record<string, string> {
    // No prototype: a parameter named like an Object member (`__proto__`) is just a parameter.
    const params: Record<string, string> = Object.create(null);
    decodeForm(req.rawQuery, params);
    if (req.body.length && isForm(req)) decodeForm(req.body.toString("utf8"), params);
    return params;
}

export function matchesEns(req: EmuRequest): boolean {
    if (req.headers["x-acs-version"] === ENS_VERSION) return true;
    try {
        const p = requestParams(req);
        return p.Action !== undefined && p.Version === ENS_VERSION;
    } catch {
        return false;
    }
}

/** Authenticate an RPC request (signature v1.0) and split off the action's own parameters. */
export function parseEns(req: EmuRequest, ctx: CloudContext, actions: ReadonlySet<string>): ParsedCall {
    const meta = { requestId: randomUUID().toUpperCase() };
    let action: string | undefined;
    const fail = (e: EmuError): never => {
        throw Object.assign(e, { meta: { action, region: "", meta } });
    };
    let params: Record<string, string> = {};
    try {
        params = requestParams(req);
    } catch {
        fail(malformedEncoding());
    }
    action = params.Action || String(req.headers["x-acs-action"] ?? "") || undefined;
    if (!params.Version) fail(missingParam("Version"));
    if (params.Version !== ENS_VERSION) fail(invalidVersion());
    if (!params.Action) fail(missingParam("Action"));
    if (!params.AccessKeyId) fail(missingParam("AccessKeyId"));
    const cred = findCredential(ctx.options, "alicloud", params.AccessKeyId);
    if (!cred) return fail(accessKeyNotFound());

    if (ctx.options.signatures === "strict") {
        if (!params.SignatureMethod) fail(missingParam("SignatureMethod"));
        if (params.SignatureMethod !== "HMAC-SHA1") fail(invalidCommon("SignatureMethod", "only HMAC-SHA1 is supported"));
        if (!params.SignatureVersion) fail(missingParam("SignatureVersion"));
        if (params.SignatureVersion !== "1.0") fail(invalidCommon("SignatureVersion", "only 1.0 is supported"));
        if (!params.Timestamp) fail(missingParam("Timestamp"));
        const ts = Date.parse(params.Timestamp);
        if (!TIMESTAMP.test(params.Timestamp) || Number.isNaN(ts)) fail(timestampFormat());
        if (Math.abs(ctx.clock.now() - ts) > MAX_SKEW_MS) fail(timestampExpired());
        if (!params.SignatureNonce) fail(missingParam("SignatureNonce"));
        if (!params.Signature) fail(incompleteSignature());
        const toSign = stringToSign(req.method, params);
        if (!constantTimeEqual(rpcSignature(toSign, cred.secret), params.Signature)) fail(signatureMismatch(toSign));
        // Only a verified request burns its nonce, so a forged one cannot block the genuine one.
        if (!useNonce(ctx, params.AccessKeyId, params.SignatureNonce)) fail(nonceUsed());
    }
    if (!actions.has(params.Action)) fail(actionNotFound());

    const own: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) if (!COMMON.has(k)) own[k] = v;
    // ENS is one global endpoint: images are kept per account only (region "").
    return { action: params.Action, account: cred.account, region: "", params: own, meta };
}

/** The gateway answers with a sized JSON body, not a chunked one. */
function jsonResponse(status: number, requestId: string, payload: object): EmuResponse {
    const body = JSON.stringify(payload);
    return {
        status,
        headers: {
            "Content-Type": "application/json;charset=utf-8",
            "Content-Length": String(Buffer.byteLength(body)),
            "x-acs-request-id": requestId,
        },
        body,
    };
}

export function renderEnsResult(call: ParsedCall, result: unknown): EmuResponse {
    const requestId = call.meta.requestId;
    return jsonResponse(200, requestId, { RequestId: requestId, ...(result as object) });
}

export function renderEnsError(meta: Partial<ParsedCall>, err: EmuError): EmuResponse {
    const requestId = meta.meta?.requestId ?? randomUUID().toUpperCase();
    // pop-core treats a body without a truthy Code as success, so an error never goes out without one.
    const code = err.code || "InternalError";
    const body = {
        RequestId: requestId,
        HostId: HOST_ID,
        Code: code,
        Message: err.message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}`,
    };
    return { ...jsonResponse(err.httpStatus, requestId, body), errorCode: code };
}
