import { isUnknown } from "./unknown";
import { stripSignatures } from "./url";
import { allInputs, type ResourceSchema } from "./schema";

export interface DiffOutcome {
    changes: boolean;
    replaces: string[];
    /** In-place changes: through the cloud's API ("update" fields) or local only. */
    updates: string[];
    deleteBeforeReplace: boolean;
}

/** Absent, null, "" and empty collections all mean "not set", as the clouds treat them. */
function canonical(v: unknown): unknown {
    if (v === undefined || v === null || v === "") return undefined;
    if (Array.isArray(v)) return v.length ? v.map(canonical) : undefined;
    if (typeof v === "object") {
        const entries = Object.entries(v as Record<string, unknown>)
            .map(([k, x]) => [k, canonical(x)] as const)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : 1));
        return entries.length ? Object.fromEntries(entries) : undefined;
    }
    return v;
}

export function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * Compares new inputs with the old outputs (which echo the inputs), as each field's schema declares.
 * Unknown values count as changed. Where the cloud refuses a second image with the same identity (a
 * unique name in a region), a replacement that keeps it deletes first.
 */
export function diffInputs(schema: ResourceSchema, olds: Record<string, unknown>, news: Record<string, unknown>): DiffOutcome {
    const replaces: string[] = [];
    const updates: string[] = [];
    for (const [key, spec] of Object.entries(allInputs(schema))) {
        if (spec.change === "none") continue;
        const identity = (v: unknown) => {
            const value = v === undefined || v === null ? spec.default : v;
            return spec.secret === "presigned-url" ? stripSignatures(value) : value;
        };
        const changed = isUnknown(news[key]) || !sameValue(identity(olds[key]), identity(news[key]));
        if (changed) (spec.change === "replace" ? replaces : updates).push(key);
    }
    const kept = schema.deleteFirstWhenKept;
    const keepsIdentity = kept !== undefined && kept.every((k) => isUnknown(news[k]) || sameValue(olds[k], news[k]));
    return {
        changes: replaces.length + updates.length > 0,
        replaces,
        updates,
        deleteBeforeReplace: replaces.length > 0 && keepsIdentity,
    };
}
