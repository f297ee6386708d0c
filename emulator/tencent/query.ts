import { invalidParameter } from "./errors";

/** How a scalar parameter is typed in an action's JSON form; every other query value stays a string. */
export type QueryScalar = "integer" | "boolean";

const INDEX = /^\d+$/;

/**
 * The parameters of a GET request. TC3 also signs GET requests, with the parameters in the query string
 * (Tencent Cloud API 3.0, signature v3: the canonical query string is the URL's query), flattened as
 * the official SDKs write them: `ImageIds.0=img-1`, `Filters.0.Values.1=x` (tencentcloud-sdk-nodejs
 * `mergeData`, tencentcloud-sdk-go `flatStructure`). They are rebuilt into the JSON form a POST body
 * carries: numeric segments make arrays, and the top-level integers and booleans of `types` get their
 * type back, so actions validate both forms alike.
 */
export function queryParams(rawQuery: string, types: Record<string, QueryScalar>): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(rawQuery)) {
        const segments = key.split(".");
        if (segments.some((s) => s === "" || s === "__proto__" || s === "constructor" || s === "prototype")) throw invalidParameter(key, "the name is malformed");
        let node: Record<string, unknown> | unknown[] = root;
        for (let i = 0; i < segments.length; i++) {
            const last = i === segments.length - 1;
            const segment = segments[i];
            if (Array.isArray(node) !== INDEX.test(segment)) throw invalidParameter(key, "it mixes list indexes and field names");
            const slot = Array.isArray(node) ? Number(segment) : segment;
            const here = Object.hasOwn(node, slot) ? (node as Record<string | number, unknown>)[slot] : undefined;
            if (last) {
                if (here !== undefined) throw invalidParameter(key, "it is given twice");
                (node as Record<string | number, unknown>)[slot] = i === 0 ? typed(value, types[segment]) : value;
                break;
            }
            const child = here ?? (INDEX.test(segments[i + 1]) ? [] : {});
            if (typeof child !== "object" || child === null) throw invalidParameter(key, "it is given both as a value and as a list or structure");
            (node as Record<string | number, unknown>)[slot] = child;
            node = child as Record<string, unknown> | unknown[];
        }
    }
    return root;
}

/** A value that does not read as its type stays a string, and the action refuses it as it refuses a mistyped JSON value. */
function typed(value: string, type: QueryScalar | undefined): unknown {
    if (type === "integer" && /^-?\d+$/.test(value)) return Number(value);
    if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
    return value;
}
