import { invalidArgument, missingParameter, outOfRange } from "./errors";

/**
 * Typed access to a JD request's parameters, answering with JD's validation statuses. Query values
 * arrive as strings (the SDK stringifies numbers and booleans), so `fromQuery` parses them; JSON
 * body values must already have their type.
 */
export class JdParams {
    constructor(
        private readonly p: Record<string, unknown>,
        private readonly fromQuery: boolean,
    ) {}

    has(name: string): boolean {
        return this.p[name] !== undefined && this.p[name] !== null;
    }

    str(name: string, opts: { required?: boolean; max?: number; oneOf?: readonly string[] } = {}): string | undefined {
        const v = this.p[name];
        if (v === undefined || v === null) {
            if (opts.required) throw missingParameter(name);
            return undefined;
        }
        if (typeof v !== "string") throw invalidArgument(`Parameter ${name} must be a string`);
        if (opts.required && v === "") throw missingParameter(name);
        if (opts.max !== undefined && [...v].length > opts.max) throw invalidArgument(`Parameter ${name} must not exceed ${opts.max} characters`);
        if (opts.oneOf && !opts.oneOf.includes(v)) throw invalidArgument(`Parameter ${name} must be one of ${opts.oneOf.join(", ")}`);
        return v;
    }

    int(name: string, opts: { required?: boolean } = {}): number | undefined {
        const v = this.p[name];
        if (v === undefined || v === null) {
            if (opts.required) throw missingParameter(name);
            return undefined;
        }
        const n = this.fromQuery && typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v;
        if (typeof n !== "number" || !Number.isInteger(n)) throw invalidArgument(`Parameter ${name} must be an integer`);
        return n;
    }

    bool(name: string): boolean | undefined {
        const v = this.p[name];
        if (v === undefined || v === null) return undefined;
        if (typeof v === "boolean") return v;
        if (this.fromQuery && (v === "true" || v === "false")) return v === "true";
        throw invalidArgument(`Parameter ${name} must be a boolean`);
    }

    /** An array parameter as the SDK flattens it: `name.1`, `name.2`, ... */
    list(name: string): string[] | undefined {
        const out: string[] = [];
        for (let i = 1; this.has(`${name}.${i}`); i++) out.push(String(this.p[`${name}.${i}`]));
        return out.length ? out : undefined;
    }

    /** Filters as the SDK flattens them: `filters.N.name`, `filters.N.values.M`. */
    filters(): { name: string; values: string[] }[] {
        const out: { name: string; values: string[] }[] = [];
        for (let i = 1; this.has(`filters.${i}.name`); i++) {
            out.push({ name: String(this.p[`filters.${i}.name`]), values: this.list(`filters.${i}.values`) ?? [] });
        }
        return out;
    }

    /** pageNumber ≥ 1 and pageSize within the action's documented range. */
    paging({ defaultSize, min, max }: { defaultSize: number; min: number; max: number }): { pageNumber: number; pageSize: number } {
        const pageNumber = this.int("pageNumber") ?? 1;
        const pageSize = this.int("pageSize") ?? defaultSize;
        if (pageNumber < 1) throw outOfRange("Parameter pageNumber must be at least 1");
        if (pageSize < min || pageSize > max) throw outOfRange(`Parameter pageSize must be in range [${min}, ${max}]`);
        return { pageNumber, pageSize };
    }
}

export function page<T>(items: T[], { pageNumber, pageSize }: { pageNumber: number; pageSize: number }): T[] {
    return items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
}
