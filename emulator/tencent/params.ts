import { invalidParameter, missingParameter, tcError } from "./errors";

/** Typed access to a Tencent request body, answering with Tencent's own validation codes. */
export class TcParams {
    constructor(private readonly p: Record<string, unknown>) {}

    has(name: string): boolean {
        return this.p[name] !== undefined && this.p[name] !== null;
    }

    str(name: string, opts: { required?: boolean; max?: number; tooLargeCode?: string } = {}): string | undefined {
        const v = this.p[name];
        if (v === undefined || v === null) {
            if (opts.required) throw missingParameter(name);
            return undefined;
        }
        if (typeof v !== "string") throw invalidParameter(name, "must be a string");
        if (opts.required && v === "") throw missingParameter(name);
        if (opts.max !== undefined && [...v].length > opts.max) {
            throw tcError(opts.tooLargeCode ?? "InvalidParameterValue.TooLarge", `The value of \`${name}\` exceeds ${opts.max} characters.`);
        }
        return v;
    }

    bool(name: string): boolean | undefined {
        const v = this.p[name];
        if (v === undefined || v === null) return undefined;
        if (typeof v !== "boolean") throw invalidParameter(name, "must be a boolean");
        return v;
    }

    int(name: string, opts: { min?: number; max?: number; code?: string } = {}): number | undefined {
        const v = this.p[name];
        if (v === undefined || v === null) return undefined;
        if (typeof v !== "number" || !Number.isInteger(v)) throw invalidParameter(name, "must be an integer");
        if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
            throw tcError(opts.code ?? "InvalidParameterValue", `The value of \`${name}\` must be between ${opts.min ?? "-∞"} and ${opts.max ?? "∞"}.`);
        }
        return v;
    }

    strings(name: string, opts: { required?: boolean } = {}): string[] | undefined {
        const v = this.p[name];
        if (v === undefined || v === null) {
            if (opts.required) throw missingParameter(name);
            return undefined;
        }
        if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw invalidParameter(name, "must be an array of strings");
        if (opts.required && v.length === 0) throw missingParameter(name);
        return v as string[];
    }

    array<T = Record<string, unknown>>(name: string): T[] | undefined {
        const v = this.p[name];
        if (v === undefined || v === null) return undefined;
        if (!Array.isArray(v)) throw invalidParameter(name, "must be an array");
        return v as T[];
    }
}

export interface Filter {
    Name: string;
    Values: string[];
}

/** Filters as the Describe* actions take them: AND across filters, OR within Values. */
export function readFilters(params: TcParams, limits: { filters: number; values: number; code: string }): Filter[] {
    const filters = params.array<Filter>("Filters") ?? [];
    if (filters.length > limits.filters) throw tcError(limits.code, `At most ${limits.filters} filters are allowed.`);
    for (const f of filters) {
        if (typeof f?.Name !== "string" || !Array.isArray(f.Values)) throw invalidParameter("Filters", "each filter needs Name and Values");
        if (f.Values.length > limits.values) throw tcError(limits.code, `Filter \`${f.Name}\` has more than ${limits.values} values.`);
    }
    return filters;
}
