import { isUnknown } from "./unknown";
import { stripSignatures } from "./url";
import { allInputs, type FieldSpec, type ResourceSchema } from "./schema";

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

/** Whether a value is "not set" by the rule above: absent, null, "", or a collection of nothing set. */
export function isUnsetValue(v: unknown): boolean {
    return canonical(v) === undefined;
}

export function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

const unset = (v: unknown) => v === undefined || v === null || v === "";

/**
 * Whether `next` changes a field recorded as `old`, as its schema declares: defaults spelled out, a
 * presigned URL re-signed and a cloud-chosen value left unset are no change; an unknown value is one.
 */
export function fieldChanged(spec: FieldSpec, old: unknown, next: unknown): boolean {
    if (isUnknown(next)) return true;
    if (spec.computedWhenUnset && unset(next)) return false;
    const identity = (v: unknown) => {
        const value = v === undefined || v === null ? spec.default : v;
        return spec.secret === "presigned-url" ? stripSignatures(value) : value;
    };
    return !sameValue(identity(old), identity(next));
}

/**
 * Compares new inputs with the old outputs (which echo the inputs), as each field's schema declares.
 * Where the cloud refuses a second image with the same identity (a unique name in a region, one import
 * per source), a replacement that keeps it (or may keep it: an unknown value) deletes first.
 */
export function diffInputs(schema: ResourceSchema, olds: Record<string, unknown>, news: Record<string, unknown>): DiffOutcome {
    const replaces: string[] = [];
    const updates: string[] = [];
    const inputs = allInputs(schema);
    for (const [key, spec] of Object.entries(inputs)) {
        if (spec.change === "none") continue;
        if (fieldChanged(spec, olds[key], news[key])) (spec.change === "replace" ? replaces : updates).push(key);
    }
    const kept = (k: string) => isUnknown(news[k]) || !fieldChanged(inputs[k], olds[k], news[k]);
    const keepsIdentity = (schema.deleteFirstWhenKept ?? []).some((group) => group.every(kept));
    return {
        changes: replaces.length + updates.length > 0,
        replaces,
        updates,
        deleteBeforeReplace: replaces.length > 0 && keepsIdentity,
    };
}
