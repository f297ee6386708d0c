import * as http from "http";
import type { FaultSpec } from "./core/faults";
import type { EmulatorOptions } from "./core/options";
import type { LogEntry } from "./core/request-log";

/** A typed client of the /__emu/ control interface, for tests and scripts in other processes. */
export class EmulatorControl {
    constructor(private readonly baseUrl: string) {}

    /** Forget all images, faults, rate-limit counts, logged requests and clock changes. */
    reset(): Promise<unknown> {
        return this.call("POST", "/__emu/reset");
    }

    /** Queue one fault, or several (all or none: one invalid spec rejects the lot). */
    injectFault(spec: FaultSpec | FaultSpec[]): Promise<unknown> {
        return this.call("POST", "/__emu/faults", spec);
    }

    /** Remove every queued fault. */
    clearFaults(): Promise<unknown> {
        return this.call("DELETE", "/__emu/faults");
    }

    /**
     * Move the emulator's clock forward by `ms` (negative goes back). Signatures are checked against this clock too,
     * so a large jump makes fresh signatures look stale; {@link advanceImports} only moves imports along.
     */
    advanceClock(ms: number): Promise<{
        /** The emulator's time afterwards, in epoch milliseconds. */
        now: number;
    }> {
        return this.call("POST", "/__emu/clock", { advanceMs: ms }) as Promise<{ now: number }>;
    }

    /** Moves imports along by `ms` without touching the clock that signatures are checked against. */
    advanceImports(ms: number): Promise<{
        /** The emulator's time, in epoch milliseconds (unchanged by this call). */
        now: number;
        /** The time imports progress by, in epoch milliseconds: `now` plus every advance of the imports. */
        importNow: number;
    }> {
        return this.call("POST", "/__emu/clock", { advanceImportsMs: ms }) as Promise<{ now: number; importNow: number }>;
    }

    /** Set the emulator's clock to `epochMs`, e.g. the moment a captured request was signed, so it replays. */
    setClock(epochMs: number): Promise<{
        /** The emulator's time afterwards, in epoch milliseconds. */
        now: number;
    }> {
        return this.call("POST", "/__emu/clock", { now: epochMs }) as Promise<{ now: number }>;
    }

    /** The logged calls, oldest first, optionally only one cloud's, one action's, or those after sequence number `since`. */
    async requests(filter: { cloud?: string; action?: string; since?: number } = {}): Promise<LogEntry[]> {
        const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)] as [string, string]));
        const r = (await this.call("GET", `/__emu/requests?${q}`)) as { requests: LogEntry[] };
        return r.requests;
    }

    /** A snapshot of every cloud's state, for inspection in tests (presigned URLs' signatures removed). */
    state(): Promise<{
        /** Each cloud's snapshot, by cloud name. */
        clouds: Record<string, any>;
    }> {
        return this.call("GET", "/__emu/state") as Promise<{ clouds: Record<string, any> }>;
    }

    /** Change options of the running emulator; unknown keys, wrongly typed values and credentials are refused. */
    setOptions(patch: Partial<EmulatorOptions>): Promise<unknown> {
        return this.call("PATCH", "/__emu/options", patch);
    }

    private call(method: string, path: string, body?: unknown): Promise<unknown> {
        const url = new URL(path, this.baseUrl);
        const data = body === undefined ? undefined : JSON.stringify(body);
        return new Promise((resolve, reject) => {
            const req = http.request(url, { method, headers: { "Content-Type": "application/json" }, agent: false }, (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    if ((res.statusCode ?? 500) >= 400) return reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
                    try {
                        resolve(text ? JSON.parse(text) : undefined);
                    } catch {
                        reject(new Error(`${method} ${path}: the answer is not JSON: ${text.slice(0, 200)}`));
                    }
                });
            });
            req.on("error", reject);
            req.end(data);
        });
    }
}
