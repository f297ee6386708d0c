import { randomUUID } from "crypto";
import { findCredential } from "../core/options";
import { EmuError, type CloudContext, type CloudModule, type EmuRequest, type EmuResponse, type ParsedCall } from "../core/types";
import { tcError, unknownParameter } from "./errors";
import { queryParams, type QueryScalar } from "./query";
import { parseAuthorization, tc3Verifies } from "./tc3";

/** "Timestamp and server time cannot differ by more than five minutes" (Tencent Cloud API docs, signature v3). */
const MAX_SKEW_S = 300;

export type TencentAction = (params: Record<string, unknown>, call: ParsedCall, ctx: CloudContext) => unknown;

export interface TencentProductSpec {
    name: string;
    version: string;
    /** Whether X-TC-Region is required (CVM) or ignored (ECM: "Region: not required for this API"). */
    regional: boolean;
    actions: Record<string, TencentAction>;
    /**
     * Each action's request parameters as its API page and the SDK model list them. Any other top-level
     * parameter is UnknownParameter, as the cloud answers: Tencent Cloud API 3.0's common error codes define
     * it as the error a request that passes an undefined parameter gets.
     */
    parameters: Record<string, readonly string[]>;
    /** The product's integer and boolean parameters, which a GET request's query carries as text. */
    queryTypes: Record<string, QueryScalar>;
    rateLimits: Record<string, number>;
    snapshot?(ctx: CloudContext): unknown;
    seed?(ctx: CloudContext, count: number): void;
}

/**
 * A Tencent Cloud product (CVM, ECM, ...): TC3 authentication and the Response envelope are the same
 * for all of them, so a product only supplies its version, actions, their parameters and limits.
 */
export function tencentProduct(spec: TencentProductSpec): CloudModule {
    const undeclared = Object.keys(spec.actions).filter((a) => !Object.hasOwn(spec.parameters, a));
    if (undeclared.length) throw new Error(`${spec.name}: no parameter list for ${undeclared.join(", ")}`);
    return {
        name: spec.name,
        matches: (req) => req.headers["x-tc-action"] !== undefined && req.headers["x-tc-version"] === spec.version,
        parse: (req, ctx) => parseTencent(req, ctx, spec),
        rateLimit: (action) => (Object.hasOwn(spec.rateLimits, action) ? spec.rateLimits[action] : undefined),
        throttleError: (_action, count, limit) =>
            tcError(
                "RequestLimitExceeded",
                `Your current request times equals to \`${count}\` in a second, which exceeds the frequency limit \`${limit}\` for a second. Please reduce the frequency of calls.`,
            ),
        dispatch(call, ctx) {
            // Own keys only: "constructor" or "toString" are no actions.
            const action = Object.hasOwn(spec.actions, call.action) ? spec.actions[call.action] : undefined;
            if (!action) throw tcError("InvalidAction", `The action \`${call.action}\` is not found.`);
            const unknown = Object.keys(call.params).find((k) => !spec.parameters[call.action].includes(k));
            if (unknown !== undefined) throw unknownParameter(unknown);
            return action(call.params, call, ctx);
        },
        renderResult: (call, result) => envelope(call, { ...(result as object), RequestId: call.meta.requestId }),
        renderError: (meta, err) => errorEnvelope(meta, err),
        snapshot: spec.snapshot,
        seed: spec.seed,
    };
}

/** Unknown versions of a Tencent request still get Tencent's answer rather than a bare 404. */
export const tencentUnknownVersion: CloudModule = {
    name: "tencent",
    matches: (req) => req.headers["x-tc-action"] !== undefined,
    parse(req) {
        throw Object.assign(tcError("NoSuchVersion", `The API version \`${req.headers["x-tc-version"] ?? ""}\` does not exist.`), {
            meta: { action: String(req.headers["x-tc-action"]), meta: { requestId: randomUUID(), traceId: String(req.headers["x-tc-traceid"] ?? "") } },
        });
    },
    rateLimit: () => undefined,
    throttleError: () => tcError("RequestLimitExceeded", "limit"),
    dispatch: () => undefined,
    renderResult: (call) => envelope(call, {}),
    renderError: (meta, err) => errorEnvelope(meta, err),
};

function errorEnvelope(meta: Partial<ParsedCall>, err: EmuError): EmuResponse {
    const response = { Error: { Code: err.code, Message: err.message }, RequestId: meta.meta?.requestId ?? randomUUID() };
    return { ...envelope(meta, response), errorCode: err.code };
}

function envelope(meta: Partial<ParsedCall>, response: unknown): EmuResponse {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    // The SDK reports the trace id from the response header, so echo the caller's.
    if (meta.meta?.traceId) headers["X-TC-TraceId"] = meta.meta.traceId;
    return { status: 200, headers, body: JSON.stringify({ Response: response }) };
}

function parseTencent(req: EmuRequest, ctx: CloudContext, spec: TencentProductSpec): ParsedCall {
    const action = String(req.headers["x-tc-action"]);
    const meta = { requestId: randomUUID(), traceId: String(req.headers["x-tc-traceid"] ?? "") };
    const fail = (e: EmuError): never => {
        throw Object.assign(e, { meta: { action, meta } });
    };
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) fail(tcError("AuthFailure.InvalidAuthorization", "The Authorization header is invalid."));
    // The SDK always signs content-type and host; a signature over less would let them be changed.
    if (!(auth!.signedHeaders.includes("content-type") && auth!.signedHeaders.includes("host"))) {
        fail(tcError("AuthFailure.SignatureFailure", "SignedHeaders must include content-type and host."));
    }
    const cred = findCredential(ctx.options, "tencent", auth!.secretId);
    if (!cred) fail(tcError("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct."));
    const timestamp = String(req.headers["x-tc-timestamp"] ?? "");
    if (ctx.options.signatures === "strict") {
        const ts = Number(timestamp);
        if (!/^\d+$/.test(timestamp) || Math.abs(ctx.clock.now() / 1000 - ts) > MAX_SKEW_S) {
            fail(tcError("AuthFailure.SignatureExpire", "Signature expired. Timestamp and server time cannot differ by more than five minutes."));
        }
        if (new Date(ts * 1000).toISOString().slice(0, 10) !== auth!.date) {
            fail(tcError("AuthFailure.SignatureFailure", "The credential scope date does not match X-TC-Timestamp."));
        }
        if (!tc3Verifies(req, auth!, cred!.secret, timestamp)) {
            fail(tcError("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct."));
        }
    }
    const region = String(req.headers["x-tc-region"] ?? "");
    if (spec.regional && !region) fail(tcError("MissingParameter", "The request is missing a required parameter `Region`."));
    let params: Record<string, unknown>;
    try {
        params = req.method === "GET" ? queryParams(req.rawQuery, spec.queryTypes) : req.body.length ? JSON.parse(req.body.toString("utf8")) : {};
    } catch (e) {
        if (e instanceof EmuError) return fail(e);
        return fail(tcError("InvalidParameter", "The request body is not valid JSON."));
    }
    if (typeof params !== "object" || params === null || Array.isArray(params)) fail(tcError("InvalidParameter", "The request body must be a JSON object."));
    return { action, account: cred!.account, region: spec.regional ? region : "", params, meta };
}
