import { isUnknown } from "./unknown";
import { stripSignatures } from "./url";
import type { Schema } from "./validate";

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
 * Compares new inputs with the old outputs (which echo the inputs). Unknown values count as
 * changed. Names unique within a scope (a region) make create-before-delete collide when the name
 * is kept, so such a replacement deletes first.
 */
export function diffInputs(
    schema: Schema,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    uniqueName?: { field: string; within: string[] },
): DiffOutcome {
    const replaces: string[] = [];
    const updates: string[] = [];
    for (const [key, spec] of Object.entries(schema)) {
        const identity = (v: unknown) => {
            const value = v === undefined || v === null ? spec.default : v;
            return spec.sensitive ? stripSignatures(value) : value;
        };
        const changed = isUnknown(news[key]) || !sameValue(identity(olds[key]), identity(news[key]));
        if (changed) (spec.change === "replace" ? replaces : updates).push(key);
    }
    const keepsName =
        uniqueName !== undefined &&
        [uniqueName.field, ...uniqueName.within].every((k) => isUnknown(news[k]) || sameValue(olds[k], news[k]));
    return {
        changes: replaces.length + updates.length > 0,
        replaces,
        updates,
        deleteBeforeReplace: replaces.length > 0 && keepsName,
    };
}
