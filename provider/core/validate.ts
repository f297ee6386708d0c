import { parseDuration } from "./duration";
import type { FieldSpec, Schema } from "./schema";
import { isUnknown } from "./unknown";

export interface CheckFailure {
    property: string;
    reason: string;
}

const TIMEOUT_KEYS = ["create", "update", "delete"];
/** No import is worth waiting for longer; a larger value is a typo (and would overflow dates). */
const MAX_TIMEOUT_MS = 30 * 24 * 3600 * 1000;

/**
 * Every documented rule, failing with the field and the rule (a nested field by its path, such as
 * `diskDeviceMappings[0].ossBucket`); values unknown during preview are skipped.
 */
export function validate(schema: Schema, inputs: Record<string, unknown>, path = ""): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const fail = (property: string, reason: string) => failures.push({ property: `${path}${property}`, reason });
    for (const key of Object.keys(inputs)) {
        if (key !== "__provider" && !(key in schema) && inputs[key] !== undefined) fail(key, `is not a property of this resource`);
    }
    for (const [key, spec] of Object.entries(schema)) {
        const value = inputs[key];
        if (isUnknown(value)) continue;
        // "" is no value, except where an optional field documents a length: there it breaks the rule.
        if (value === undefined || value === null || (value === "" && (spec.required || !spec.minLength))) {
            if (spec.required) fail(key, spec.fallback ? `is required (set it on the resource, with \`pulumi config set ${spec.fallback.config} <${key}>\` or ${spec.fallback.env.join(" or ")})` : "is required");
            continue;
        }
        const typeError = checkType(spec, value);
        if (typeError) {
            fail(key, typeError);
            continue;
        }
        for (const reason of checkRules(spec, value, inputs)) fail(key, reason);
        if (spec.type === "object") failures.push(...validate(spec.fields ?? {}, value as Record<string, unknown>, `${path}${key}.`));
        if (spec.type === "object[]") (value as Record<string, unknown>[]).forEach((v, i) => failures.push(...validate(spec.fields ?? {}, v, `${path}${key}[${i}].`)));
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
        case "object":
            return isPlainObject(value) ? undefined : "must be an object";
        case "object[]":
            return Array.isArray(value) && value.every((v) => isPlainObject(v) || isUnknown(v)) ? undefined : "must be a list of objects";
    }
}

function checkRules(spec: FieldSpec, value: unknown, all: Record<string, unknown>): string[] {
    const reasons: string[] = [];
    const strings = typeof value === "string" ? [value] : spec.type === "string[]" ? (value as unknown[]).filter((v): v is string => typeof v === "string") : [];
    for (const s of strings) {
        const len = [...s].length;
        // A NUL or a newline in a name or URL is a paste gone wrong; no cloud takes it.
        if (/[\u0000-\u001f\u007f]/.test(s)) reasons.push("must not contain control characters (such as NUL or a newline)");
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
    if (u.username || u.password) return "must not carry user:password@ (it would be kept in state); use a presigned URL, which is kept secret";
    if (rule.host && !rule.host.test(u.hostname)) return rule.rule ?? `host "${u.hostname}" is not allowed`;
    return undefined;
}

function checkTimeouts(t: Record<string, unknown>): string[] {
    const reasons: string[] = [];
    for (const [k, v] of Object.entries(t)) {
        if (!TIMEOUT_KEYS.includes(k)) reasons.push(`has unknown key "${k}" (allowed: ${TIMEOUT_KEYS.join(", ")})`);
        else if (v !== undefined && !isUnknown(v) && (typeof v !== "string" || parseDuration(v) === undefined)) {
            reasons.push(`${k} must be a duration such as "90m", "2h", "1h30m" or "45s", got ${JSON.stringify(v)}`);
        } else if (typeof v === "string" && parseDuration(v)! > MAX_TIMEOUT_MS) {
            reasons.push(`${k} must be at most 30 days, got "${v}"`);
        }
    }
    return reasons;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}
