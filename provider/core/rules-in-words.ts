import type { FieldSpec } from "./schema";

/** What check holds a field's value to that its type cannot say, in words: its length, range, pattern, URL. */
export function valueRules(spec: FieldSpec): string[] {
    const r: string[] = [];
    if (spec.minLength !== undefined && spec.maxLength !== undefined) r.push(`${spec.minLength} to ${spec.maxLength} characters`);
    else if (spec.maxLength !== undefined) r.push(`at most ${spec.maxLength} characters`);
    else if (spec.minLength !== undefined) r.push(`at least ${spec.minLength} characters`);
    if (spec.min !== undefined || spec.max !== undefined) r.push(`${spec.min ?? "…"} to ${spec.max ?? "…"}${spec.multipleOf ? `, a multiple of ${spec.multipleOf}` : ""}`);
    if (spec.pattern) r.push(spec.pattern.rule);
    if (spec.url) r.push(spec.url.rule ?? "an http(s) URL");
    return r;
}

/** Texts as sentences: each capitalised and ended with a full stop (or its closing parenthesis). */
export function sentences(texts: string[]): string {
    return texts.map((t) => `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.)]$/.test(t) ? "" : "."}`).join(" ");
}
