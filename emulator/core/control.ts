import type { Clock } from "./clock";
import type { Faults, FaultSpec } from "./faults";
import type { EmulatorOptions } from "./options";
import type { RateLimiter } from "./rate-limit";
import type { RequestLog } from "./request-log";
import { redactUrlQueries } from "./redact";
import type { Store } from "./store";
import type { CloudContext, CloudModule, EmuRequest, EmuResponse } from "./types";

export interface ControlDeps {
    clock: Clock;
    faults: Faults;
    limiter: RateLimiter;
    log: RequestLog;
    store: Store;
    options: EmulatorOptions;
    clouds: CloudModule[];
    ctx: CloudContext;
}

const LOOPBACK_HOST = /^(127(\.\d{1,3}){3}|localhost|\[::1\])(:\d+)?$/i;

const json = (status: number, body: unknown): EmuResponse => ({
    status,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
});

/**
 * The test-facing control interface under /__emu/. It shares the port with the clouds, since no
 * cloud request path starts with /__emu.
 */
export function handleControl(req: EmuRequest, deps: ControlDeps): EmuResponse {
    // A web page the user visits can reach a loopback port: DNS rebinding is stopped by the Host check, and a
    // cross-site form or beacon by requiring JSON, which a page can only send after a CORS preflight.
    if (!LOOPBACK_HOST.test(String(req.headers.host ?? ""))) return json(403, { error: "the control interface answers only requests to a loopback host (127.0.0.1, localhost, [::1])" });
    if (req.method !== "GET" && !/^application\/json\b/i.test(String(req.headers["content-type"] ?? ""))) {
        return json(415, { error: "control requests other than GET must be sent as application/json" });
    }
    const url = new URL(req.rawUrl, "http://emulator");
    const route = `${req.method} ${url.pathname}`;
    let body: any;
    try {
        body = req.body.length ? JSON.parse(req.body.toString("utf8")) : {};
    } catch {
        return json(400, { error: "the body is not valid JSON" });
    }
    if (typeof body !== "object" || body === null) return json(400, { error: "the body must be a JSON object or array" });
    try {
        return route_(route, url, body, deps);
    } catch (e) {
        return json(400, { error: e instanceof Error ? e.message : String(e) });
    }
}

function route_(route: string, url: URL, body: any, deps: ControlDeps): EmuResponse {
    switch (route) {
        case "POST /__emu/reset":
            deps.store.reset();
            deps.faults.clear();
            deps.limiter.reset();
            deps.log.reset();
            deps.clock.reset();
            return json(200, { ok: true });
        case "POST /__emu/faults":
            deps.faults.add(body as FaultSpec | FaultSpec[]);
            return json(200, { faults: deps.faults.list() });
        case "GET /__emu/faults":
            return json(200, { faults: deps.faults.list() });
        case "DELETE /__emu/faults":
            deps.faults.clear();
            return json(200, { faults: [] });
        case "POST /__emu/clock":
            if (typeof body.now === "number") deps.clock.set(body.now);
            if (typeof body.advanceMs === "number") deps.clock.advance(body.advanceMs);
            if (typeof body.advanceImportsMs === "number") deps.clock.advanceImports(body.advanceImportsMs);
            if (body.reset) deps.clock.reset();
            return json(200, { now: deps.clock.now(), skewMs: deps.clock.skew(), importNow: deps.clock.importNow() });
        case "GET /__emu/clock":
            return json(200, { now: deps.clock.now(), skewMs: deps.clock.skew() });
        case "GET /__emu/requests": {
            const since = url.searchParams.get("since");
            return json(200, {
                requests: deps.log.query({
                    cloud: url.searchParams.get("cloud") ?? undefined,
                    action: url.searchParams.get("action") ?? undefined,
                    since: since ? Number(since) : undefined,
                }),
            });
        }
        case "GET /__emu/state": {
            const clouds: Record<string, unknown> = {};
            for (const c of deps.clouds) clouds[c.name] = c.snapshot ? c.snapshot(deps.ctx) : undefined;
            return json(200, redactUrlQueries({ clouds }));
        }
        case "GET /__emu/options":
            return json(200, redactOptions(deps.options));
        case "PATCH /__emu/options":
            for (const [key, value] of Object.entries(body)) {
                if (key === "credentials") return json(400, { error: "credentials are fixed at start-up" });
                if (!Object.hasOwn(deps.options, key)) return json(400, { error: `unknown option ${key}` });
                const why = optionTypeError(key, value, (deps.options as unknown as Record<string, unknown>)[key]);
                if (why) return json(400, { error: why });
            }
            Object.assign(deps.options, body);
            return json(200, redactOptions(deps.options));
        default:
            return json(404, { error: `no control route ${route}` });
    }
}

/** A patched option keeps the shape of its current value, so a typo cannot break the emulator quietly. */
function optionTypeError(key: string, value: unknown, current: unknown): string | undefined {
    const shape = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
    if (shape(value) !== shape(current)) return `option ${key} must be a ${shape(current)}, got ${shape(value)}`;
    if (typeof value === "number" && !(value >= 0)) return `option ${key} must not be negative`;
    if (key === "signatures" && value !== "strict" && value !== "off") return "option signatures must be strict or off";
    if (key === "ecmSourceImage" && value !== "empty" && value !== "filled") return "option ecmSourceImage must be empty or filled";
    if (shape(value) === "object") {
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
            if (typeof v !== "number" || !(v >= 0)) return `option ${key}.${k} must be a number of at least 0`;
        }
    }
    return undefined;
}

function redactOptions(o: EmulatorOptions): unknown {
    return { ...o, credentials: undefined };
}
