import * as http from "http";
import type { AddressInfo } from "net";
import { Clock } from "./clock";
import { redactUrlQueries } from "./redact";
import { handleControl } from "./control";
import { Faults } from "./faults";
import { defaultOptions, type EmulatorOptions } from "./options";
import { RateLimiter } from "./rate-limit";
import { RequestLog } from "./request-log";
import { Store } from "./store";
import { EmuError, type CloudContext, type CloudModule, type EmuRequest, type EmuResponse, type ParsedCall } from "./types";

/** How to start an emulator: where it listens, plus any {@link EmulatorOptions} to override. */
export interface ServerOptions extends Partial<EmulatorOptions> {
    /** TCP port to listen on; 0 or unset picks a free one (read it back from {@link RunningEmulator.port}). */
    port?: number;
    /** Interface to listen on; default 127.0.0.1, so the emulator is not reachable from other hosts. */
    host?: string;
    /** Keep state in this JSON file so a restart keeps the images. */
    stateFile?: string;
}

/** A started emulator, with in-process handles on its state for tests that run in the same process. */
export interface RunningEmulator {
    /** Base URL of the emulator (always `http://127.0.0.1:<port>`), to use as the endpoint of every cloud. */
    url: string;
    /** The port actually listened on, useful when a free port was picked. */
    port: number;
    /** The live options; changing a field takes effect on the next request. */
    options: EmulatorOptions;
    /** The emulator's notion of "now", to skew or advance time instead of sleeping. */
    clock: Clock;
    /** The queue of injected faults, to make the next matching calls fail, stall or lose their answer. */
    faults: Faults;
    /** The calls served, for asserting what a client sent. */
    log: RequestLog;
    /** Every cloud's state (images, tasks), written to the state file when there is one. */
    store: Store;
    /** Write pending state to the state file, drop open connections and stop listening. */
    close(): Promise<void>;
}

/** Unref'd: an injected delay must not keep a process alive after its emulator closed. */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

/** No image API takes a body anywhere near this; a bigger one is refused, not buffered. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Keys that must never reach the request log. */
const SECRET_PARAM = /^(Signature|AccessKeyId|SecurityToken|secret.*|password)$/i;

export async function startServer(clouds: CloudModule[], opts: ServerOptions = {}): Promise<RunningEmulator> {
    const { port: listenPort, host, stateFile, ...emulatorOptions } = opts;
    const options = defaultOptions(emulatorOptions);
    const clock = new Clock();
    const faults = new Faults();
    const limiter = new RateLimiter();
    const log = new RequestLog();
    const store = new Store(stateFile);
    const byName = new Map(clouds.map((c) => [c.name, c]));
    const ctx: CloudContext = {
        clock,
        options,
        store,
        cloud<T extends CloudModule>(name: string): T {
            const c = byName.get(name);
            if (!c) throw new Error(`cloud ${name} is not served`);
            return c as T;
        },
    };

    if (options.seedImages > 0) {
        if (options.seedImages >= options.imageQuota) throw new Error(`seedImages (${options.seedImages}) must stay below the image quota (${options.imageQuota}): raise the quota too`);
        for (const cloud of clouds) cloud.seed?.(ctx, options.seedImages);
    }

    async function serveCloud(cloud: CloudModule, req: EmuRequest, res: http.ServerResponse): Promise<void> {
        let call: ParsedCall | undefined;
        let meta: Partial<ParsedCall> = {};
        const entry = { time: new Date(clock.now()).toISOString(), cloud: cloud.name, action: "?" };
        let response: EmuResponse | undefined;
        let fault: ReturnType<Faults["take"]>;
        try {
            call = cloud.parse(req, ctx);
            meta = call;
            const limit = options.rateLimitOverrides[`${cloud.name}:${call.action}`] ?? cloud.rateLimit(call.action, ctx);
            if (options.rateLimits && limit !== undefined) {
                const taken = limiter.take(`${cloud.name}|${call.account}|${call.action}`, limit, clock.now());
                if (!taken.ok) throw cloud.throttleError(call.action, taken.count, limit);
            }
            fault = faults.take(cloud.name, call.action);
            if (fault?.mode === "delay") await sleep(fault.delayMs);
            if (fault?.error) throw fault.error;
            if (fault?.mode === "gateway") {
                // A gateway in front of the service answers; the call never reaches it.
                response = { status: fault.httpStatus, headers: { "Content-Type": "text/html" }, body: `<html><body><h1>${fault.httpStatus} ${http.STATUS_CODES[fault.httpStatus] ?? ""}</h1></body></html>` };
            } else {
                const result = await cloud.dispatch(call, ctx);
                store.changed();
                response = cloud.renderResult(call, result);
            }
        } catch (e) {
            if (!(e instanceof EmuError)) {
                console.error(`[emulator] ${cloud.name} internal error:`, e);
                e = new EmuError("InternalError", "An internal error occurred.", 500);
            }
            const err = e as EmuError;
            meta = call ?? { ...meta, ...err.meta };
            response = cloud.renderError(meta, err);
        }
        // A dropped response is lost whatever it said: the call ran (or failed), the client never hears.
        const dropped = fault?.mode === "drop";
        log.add({
            ...entry,
            action: meta.action ?? "?",
            account: meta.account,
            region: meta.region,
            status: dropped ? 0 : response.status,
            errorCode: response.errorCode,
            fault: fault?.mode,
            params: meta.params ? redact(meta.params) : undefined,
        });
        if (dropped) {
            res.socket?.destroy();
            return;
        }
        send(res, response);
    }

    const server = http.createServer((incoming, res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on("data", (c: Buffer) => {
            size += c.length;
            // Past the cap the rest is read and discarded, so the client still gets its answer.
            if (size <= MAX_BODY_BYTES) chunks.push(c);
        });
        incoming.on("end", () => {
            if (size > MAX_BODY_BYTES) {
                send(res, { status: 413, headers: { "Content-Type": "text/plain" }, body: "Request body too large.\n" });
                return;
            }
            const rawUrl = incoming.url ?? "/";
            const q = rawUrl.indexOf("?");
            const req: EmuRequest = {
                method: incoming.method ?? "GET",
                rawUrl,
                rawPath: q < 0 ? rawUrl : rawUrl.slice(0, q),
                rawQuery: q < 0 ? "" : rawUrl.slice(q + 1),
                headers: incoming.headers,
                body: Buffer.concat(chunks),
            };
            void (async () => {
                try {
                    if (req.rawPath.startsWith("/__emu/")) {
                        send(res, handleControl(req, { clock, faults, limiter, log, store, options, clouds, ctx }));
                        return;
                    }
                    const cloud = clouds.find((c) => c.matches(req));
                    if (!cloud) {
                        res.writeHead(404, { "Content-Type": "text/plain" });
                        res.end("No emulated cloud recognises this request.\n");
                        return;
                    }
                    await serveCloud(cloud, req, res);
                } catch (e) {
                    res.writeHead(500, { "Content-Type": "text/plain" });
                    res.end(String(e));
                }
            })();
        });
    });
    server.keepAliveTimeout = 5000;

    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(listenPort ?? 0, host ?? "127.0.0.1", () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    return {
        url: `http://127.0.0.1:${port}`,
        port,
        options,
        clock,
        faults,
        log,
        store,
        async close() {
            store.flush();
            server.closeAllConnections();
            await new Promise<void>((r) => server.close(() => r()));
        },
    };
}

/** With Content-Length, as the clouds' gateways answer (not chunked). */
function send(res: http.ServerResponse, r: EmuResponse): void {
    res.writeHead(r.status, { ...r.headers, "Content-Length": String(Buffer.byteLength(r.body)) });
    res.end(r.body);
}

/** Secret-named keys, and the query of every URL (presigned URLs carry their signature there). */
function redact(params: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) out[k] = SECRET_PARAM.test(k) ? "<redacted>" : redactUrlQueries(v);
    return out;
}
