import { EmuError } from "./types";

/** error: answer with an API error; delay: answer late; drop: perform the call, then lose the response. */
export type FaultMode = "error" | "delay" | "drop";

export interface FaultSpec {
    cloud: string;
    /** Action name as the cloud names it, or "*" for every action of the cloud. */
    action: string;
    /** How many of the next matching calls are affected. */
    times: number;
    mode: FaultMode;
    code?: string;
    message?: string;
    httpStatus?: number;
    delayMs?: number;
}

export interface Fault {
    mode: FaultMode;
    error?: EmuError;
    delayMs: number;
}

/** Queue of injected faults; each matching call consumes one. */
export class Faults {
    private specs: FaultSpec[] = [];

    add(spec: FaultSpec): void {
        if (!spec.cloud || !spec.action) throw new Error("fault needs cloud and action");
        if (!["error", "delay", "drop"].includes(spec.mode)) throw new Error(`fault mode must be error, delay or drop`);
        if (!(spec.times > 0)) throw new Error("fault times must be a positive number");
        this.specs.push({ ...spec });
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
        return { mode: spec.mode, error, delayMs: spec.delayMs ?? 0 };
    }
}
