/**
 * Every URL's query replaced: a presigned URL carries its signature, a credential, there. Used wherever the
 * emulator shows or writes what it was sent (the request log, GET /__emu/state, the state file).
 */
export function redactUrlQueries(v: unknown): unknown {
    if (typeof v === "string") return v.replace(/(https?:\/\/[^\s?#"]*)\?[^\s#"]*/g, "$1?<redacted>");
    if (Array.isArray(v)) return v.map(redactUrlQueries);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactUrlQueries(x)]));
    return v;
}
