import * as querystring from "querystring";
import { randomAlnum } from "../core/ids";
import type { CloudContext, EmuError, EmuRequest, EmuResponse, ParsedCall } from "../core/types";
import { invalidArgument, notFound, statusOf } from "./errors";
import { authenticate } from "./signature";

const PREFIX = "/v1/regions/";

/** JD's REST routes, matched against the decoded path after `/v1/regions/{regionId}/`. */
const ROUTES: { method: string; path: RegExp; action: string }[] = [
    { method: "POST", path: /^images:import$/, action: "importImage" },
    { method: "GET", path: /^imageTasks$/, action: "imageTasks" },
    { method: "GET", path: /^images$/, action: "describeImages" },
    { method: "GET", path: /^images\/(?<imageId>[^/:]+)$/, action: "describeImage" },
    { method: "DELETE", path: /^images\/(?<imageId>[^/:]+)$/, action: "deleteImage" },
    { method: "POST", path: /^images\/(?<imageId>[^/:]+):modifyImageAttribute$/, action: "modifyImageAttribute" },
    { method: "GET", path: /^quotas$/, action: "describeQuotas" },
];

export const matchesJd = (req: EmuRequest) => req.rawPath.startsWith(PREFIX);

/** requestId and the x-jdcloud-request-id header: 32 characters of [0-9a-z] (JD Cloud VM API docs). */
export const newRequestId = () => randomAlnum(32);

function decodeSegments(rawPath: string): string[] | undefined {
    try {
        // The SDK escapes every segment, so `:` arrives as %3A; decoding per segment accepts both forms.
        return rawPath.slice(PREFIX.length).split("/").map(decodeURIComponent);
    } catch {
        return undefined;
    }
}

function queryParams(rawQuery: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(querystring.parse(rawQuery))) out[k] = Array.isArray(v) ? v[0] : (v ?? "");
    return out;
}

/**
 * Routes, authenticates and reads a JD request. The region of the path is both the state's region
 * and the credential scope's region. Errors carry the meta to render them with a request id.
 */
export function parseJd(req: EmuRequest, ctx: CloudContext): ParsedCall {
    const meta: Record<string, string> = { requestId: newRequestId(), httpMethod: req.method };
    const segments = decodeSegments(req.rawPath);
    const region = segments?.[0] ?? "";
    const rest = segments?.slice(1).join("/") ?? "";
    const route = ROUTES.find((r) => r.method === req.method && r.path.test(rest));
    const action = route?.action ?? "?";
    const fail = (e: EmuError): never => {
        throw Object.assign(e, { meta: { action, region, meta } });
    };

    let account = "";
    try {
        account = authenticate(req, region, ctx).account;
    } catch (e) {
        fail(e as EmuError);
    }
    // [INF] The gateway's answer to a path it does not serve.
    if (!segments || !region) fail(invalidArgument("The request path is malformed"));
    if (!route) fail(notFound(`The API '${req.method} /v1/regions/{regionId}/${rest}' is not found`));

    const pathParams = route!.path.exec(rest)!.groups ?? {};
    let body: unknown = {};
    if (req.method === "POST" && req.body.length) {
        try {
            body = JSON.parse(req.body.toString("utf8"));
        } catch {
            fail(invalidArgument("The request body is not valid JSON"));
        }
        if (typeof body !== "object" || body === null || Array.isArray(body)) fail(invalidArgument("The request body must be a JSON object"));
    }
    const params = { ...queryParams(req.rawQuery), ...(body as Record<string, unknown>), ...pathParams, regionId: region };
    return { action, account, region, params, meta };
}

function respond(status: number, requestId: string, body: object): EmuResponse {
    return {
        status,
        headers: { "Content-Type": "application/json", "x-jdcloud-request-id": requestId },
        body: JSON.stringify({ requestId, ...body }),
    };
}

/** Success: HTTP 200 `{requestId, result}`; actions without result data answer `{requestId}` only. */
export function renderJdResult(call: ParsedCall, result: unknown): EmuResponse {
    return respond(200, call.meta.requestId, result === undefined ? {} : { result });
}

/** Error: non-2xx `{requestId, error: {code: <HTTP status>, status, message}}`, which the SDK rejects with as a plain object. */
export function renderJdError(meta: Partial<ParsedCall>, err: EmuError): EmuResponse {
    const requestId = meta.meta?.requestId ?? newRequestId();
    const status = statusOf(err);
    return { ...respond(err.httpStatus, requestId, { error: { code: err.httpStatus, status, message: err.message } }), errorCode: status };
}
