import { parseDuration } from "./duration";
import { isUnknown } from "./unknown";

export type FieldType = "string" | "boolean" | "integer" | "string[]" | "map" | "timeouts";

/**
 * One input of a resource: its type and documented rules (checked before any API call), and how a
 * change to it is applied (replace, update in place, or nothing: e.g. timeouts).
 */
export interface FieldSpec {
    type: FieldType;
    required?: boolean;
    /** Where else a required value may come from, added to the "is required" failure. */
    requiredHint?: string;
    oneOf?: readonly string[];
    minLength?: number;
    maxLength?: number;
    pattern?: { re: RegExp; rule: string };
    min?: number;
    max?: number;
    multipleOf?: number;
    /** An http(s) URL; with `host`, the host must match (e.g. object storage of this cloud). */
    url?: { host?: RegExp; rule?: string };
    /** Further rules; returns the broken rule, if any. `all` is every input, for cross-field rules. */
    check?(value: unknown, all: Record<string, unknown>): string | undefined;
    /**
     * What a change does: replace the image; update it through the cloud's API; or local, an
     * in-place change of the resource's own settings with no cloud call (timeouts).
     */
    change: "replace" | "update" | "local";
    /** The cloud's value when the input is not set: spelling the default out is not a change. */
    default?: unknown;
    /**
     * Holds a presigned URL, whose signature is a credential: it counts for diffs without the
     * signature (re-signing is no change), and outputs, logs and errors never show it.
     */
    sensitive?: boolean;
}

export type Schema = Record<string, FieldSpec>;

export interface CheckFailure {
    property: string;
    reason: string;
}

const TIMEOUT_KEYS = ["create", "update", "delete"];

/** Every documented rule, failing with the field and the rule; values unknown during preview are skipped. */
export function validate(schema: Schema, inputs: Record<string, unknown>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const fail = (property: string, reason: string) => failures.push({ property, reason });
    for (const key of Object.keys(inputs)) {
        if (key !== "__provider" && !(key in schema) && inputs[key] !== undefined) fail(key, `is not a property of this resource`);
    }
    for (const [key, spec] of Object.entries(schema)) {
        const value = inputs[key];
        if (isUnknown(value)) continue;
        if (value === undefined || value === null || value === "") {
            if (spec.required) fail(key, spec.requiredHint ? `is required (${spec.requiredHint})` : "is required");
            continue;
        }
        const typeError = checkType(spec, value);
        if (typeError) {
            fail(key, typeError);
            continue;
        }
        for (const reason of checkRules(spec, value, inputs)) fail(key, reason);
    }
    return failures;
}

function checkType(spec: FieldSpec, value: unknown): string | undefined {
    switch (spec.type) {
        case "string":
            return typeof value === "string" ? undefined : "must be a string";
        case "boolean":
            return typeof value === "boolean" ? undefined : "must be true or false";
        case "integer":
            return typeof value === "number" && Number.isInteger(value) ? undefined : "must be a whole number";
        case "string[]":
            return Array.isArray(value) && value.every((v) => typeof v === "string" || isUnknown(v)) ? undefined : "must be a list of strings";
        case "map":
            return isPlainObject(value) && Object.values(value).every((v) => typeof v === "string" || isUnknown(v))
                ? undefined
                : "must be a map of strings to strings";
        case "timeouts":
            return isPlainObject(value) ? undefined : 'must be an object such as { create: "2h", delete: "30m" }';
    }
}

function checkRules(spec: FieldSpec, value: unknown, all: Record<string, unknown>): string[] {
    const reasons: string[] = [];
    const strings = typeof value === "string" ? [value] : spec.type === "string[]" ? (value as unknown[]).filter((v): v is string => typeof v === "string") : [];
    for (const s of strings) {
        const len = [...s].length;
        if (spec.oneOf && !spec.oneOf.includes(s)) reasons.push(`must be one of ${spec.oneOf.map((o) => `"${o}"`).join(", ")}, got "${s}"`);
        if (spec.minLength !== undefined && len < spec.minLength) reasons.push(`must be at least ${spec.minLength} characters, got ${len}`);
        if (spec.maxLength !== undefined && len > spec.maxLength) reasons.push(`must be at most ${spec.maxLength} characters, got ${len}`);
        if (spec.pattern && !spec.pattern.re.test(s)) reasons.push(spec.pattern.rule);
        if (spec.url) {
            const why = checkUrl(s, spec.url);
            if (why) reasons.push(why);
        }
    }
    if (typeof value === "number") {
        if (spec.min !== undefined && value < spec.min) reasons.push(`must be at least ${spec.min}, got ${value}`);
        if (spec.max !== undefined && value > spec.max) reasons.push(`must be at most ${spec.max}, got ${value}`);
        if (spec.multipleOf !== undefined && value % spec.multipleOf !== 0) reasons.push(`must be a multiple of ${spec.multipleOf}, got ${value}`);
    }
    if (spec.type === "timeouts") reasons.push(...checkTimeouts(value as Record<string, unknown>));
    if (spec.check) {
        const why = spec.check(value, all);
        if (why) reasons.push(why);
    }
    return reasons;
}

function checkUrl(s: string, rule: NonNullable<FieldSpec["url"]>): string | undefined {
    let u: URL;
    try {
        u = new URL(s);
    } catch {
        return "must be an absolute http(s) URL";
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") return `must be an http(s) URL, got scheme "${u.protocol.replace(/:$/, "")}"`;
    if (u.pathname.length <= 1) return "must name an object (the URL has no path)";
    if (rule.host && !rule.host.test(u.hostname)) return rule.rule ?? `host "${u.hostname}" is not allowed`;
    return undefined;
}

function checkTimeouts(t: Record<string, unknown>): string[] {
    const reasons: string[] = [];
    for (const [k, v] of Object.entries(t)) {
        if (!TIMEOUT_KEYS.includes(k)) reasons.push(`has unknown key "${k}" (allowed: ${TIMEOUT_KEYS.join(", ")})`);
        else if (v !== undefined && !isUnknown(v) && (typeof v !== "string" || parseDuration(v) === undefined)) {
            reasons.push(`${k} must be a duration such as "90m", "2h" or "45s", got ${JSON.stringify(v)}`);
        }
    }
    return reasons;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}
