import { EmuError } from "./types";

/**
 * error: answer with an API error in the cloud's envelope (Tencent always answers those with HTTP
 * 200, whatever httpStatus says); gateway: a gateway in front of the cloud answers instead, with
 * `httpStatus` (default 502) and a non-JSON body, and the call never runs; delay: answer late;
 * drop: perform the call, then lose the response.
 */
export type FaultMode = "error" | "gateway" | "delay" | "drop";

const MODES: FaultMode[] = ["error", "gateway", "delay", "drop"];

/** A fault to inject: which calls it hits, how many of them, and how they fail. */
export interface FaultSpec {
    /** The emulated cloud's name, e.g. "tencent-cvm", "jdcloud-vm", "alicloud-ens". */
    cloud: string;
    /** Action name as the cloud names it, or "*" for every action of the cloud. */
    action: string;
    /** How many of the next matching calls are affected. */
    times: number;
    /**
     * How the call fails: "error" answers with an API error, "gateway" with a gateway's non-JSON page
     * (the call never runs), "delay" answers late, "drop" runs the call and then loses the response.
     */
    mode: FaultMode;
    /** For mode "error": the cloud error code to answer with (default "InternalError"). */
    code?: string;
    /** For mode "error": the error message (default "Injected fault"). */
    message?: string;
    /** HTTP status of the answer: for "error" default 500, for "gateway" default 502. */
    httpStatus?: number;
    /** For mode "delay": how long to hold the call before serving it (default 0). */
    delayMs?: number;
}

export interface Fault {
    mode: FaultMode;
    error?: EmuError;
    delayMs: number;
    httpStatus: number;
}

/** Queue of injected faults; each matching call consumes one. */
export class Faults {
    private specs: FaultSpec[] = [];

    /** All or nothing: one invalid spec rejects the whole list. */
    add(spec: FaultSpec | FaultSpec[]): void {
        const specs = Array.isArray(spec) ? spec : [spec];
        for (const spec of specs) {
            const why = invalidFault(spec);
            if (why) throw new Error(why);
        }
        for (const spec of specs) this.specs.push({ ...spec });
    }

    clear(): void {
        this.specs = [];
    }

    list(): FaultSpec[] {
        return this.specs.map((s) => ({ ...s }));
    }

    take(cloud: string, action: string): Fault | undefined {
        const spec = this.specs.find((s) => s.cloud === cloud && (s.action === action || s.action === "*"));
        if (!spec) return undefined;
        spec.times -= 1;
        if (spec.times <= 0) this.specs.splice(this.specs.indexOf(spec), 1);
        const error =
            spec.mode === "error"
                ? new EmuError(spec.code ?? "InternalError", spec.message ?? "Injected fault", spec.httpStatus ?? 500)
                : undefined;
        return { mode: spec.mode, error, delayMs: spec.delayMs ?? 0, httpStatus: spec.httpStatus ?? 502 };
    }
}

function invalidFault(spec: FaultSpec): string | undefined {
    if (typeof spec !== "object" || spec === null) return "a fault must be an object";
    if (typeof spec.cloud !== "string" || !spec.cloud || typeof spec.action !== "string" || !spec.action) return "a fault needs cloud and action";
    if (!MODES.includes(spec.mode)) return `fault mode must be one of ${MODES.join(", ")}`;
    if (!(typeof spec.times === "number" && spec.times > 0)) return "fault times must be a positive number";
    if (spec.httpStatus !== undefined && !(Number.isInteger(spec.httpStatus) && spec.httpStatus >= 100 && spec.httpStatus <= 599)) return "fault httpStatus must be an HTTP status";
    return undefined;
}
