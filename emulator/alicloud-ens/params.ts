import { invalidParam, missingParam } from "./errors";

/**
 * Typed access to RPC parameters. Every value arrives as a string; an empty value counts as absent,
 * as the gateway treats `Key=` like a missing key.
 */
export class EnsParams {
    constructor(private readonly p: Record<string, unknown>) {}

    has(name: string): boolean {
        return this.str(name) !== undefined;
    }

    str(name: string, opts: { required?: boolean } = {}): string | undefined {
        const v = this.p[name];
        if (typeof v !== "string" || v === "") {
            if (opts.required) throw missingParam(name);
            return undefined;
        }
        return v;
    }

    /** A value from a fixed list (the documented enums). */
    oneOf(name: string, allowed: readonly string[], opts: { required?: boolean } = {}): string | undefined {
        const v = this.str(name, opts);
        if (v !== undefined && !allowed.includes(v)) throw invalidParam(name, `must be one of ${allowed.join(", ")}`);
        return v;
    }

    /** A whole number in [min, max], sent as a string like every RPC value. */
    int(name: string, def: number, min: number, max: number): number {
        const v = this.str(name);
        if (v === undefined) return def;
        if (!/^\d+$/.test(v)) throw invalidParam(name, "must be an integer");
        const n = Number(v);
        if (n < min || n > max) throw invalidParam(name, `must be between ${min} and ${max}`);
        return n;
    }
}
