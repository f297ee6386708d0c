import { createHash } from "crypto";
import type { CloudDefinition, Inputs } from "./cloud";
import type { ResourceSchema } from "./schema";
import type { CloudImage } from "./status";
import { stripSignatures } from "./url";

/**
 * An import's mark: what an image carries, in a field the cloud stores and lists, from the import until
 * its create records it. It is a digest of the resource's identity (its import token) and of every input
 * that identifies its image, so only this resource with these inputs can produce it: a killed run's next
 * `up` finds its image by it, a replacement with other inputs never does, and nothing foreign carries it.
 * At most 32 characters of letters, digits and `-`, which every cloud's name and description rules take.
 */
export const MARK_PREFIX = "pulumi-import-";
const MARK = /^pulumi-import-[0-9a-f]{18}$/;

export function isMark(value: unknown): boolean {
    return typeof value === "string" && MARK.test(value);
}

/** The mark of this resource's import of these inputs. */
export function markOf(token: string, schema: ResourceSchema, inputs: Inputs): string {
    const identity = Object.entries(schema.inputs)
        .filter(([, spec]) => spec.change === "replace")
        .map(([key, spec]) => {
            const given = inputs[key] === undefined || inputs[key] === null || inputs[key] === "" ? spec.default : inputs[key];
            return [key, canonical(spec.secret === "presigned-url" ? stripSignatures(given) : given)];
        });
    return MARK_PREFIX + createHash("sha256").update(JSON.stringify([token, identity])).digest("hex").slice(0, 18);
}

/** JSON with object keys in order, so the same value always digests alike. */
function canonical(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
    return v ?? null;
}

/** The input that carries the mark during an import, where the cloud's schema declares one. */
export function markedField(schema: ResourceSchema): string | undefined {
    return Object.entries(schema.inputs).find(([, spec]) => spec.markedDuringImport)?.[0];
}

/** What the import sends: the inputs, with the mark in the field that carries it. */
export function withMark(schema: ResourceSchema, inputs: Inputs, mark: string): Inputs {
    const field = markedField(schema);
    return field ? { ...inputs, [field]: mark } : inputs;
}

/**
 * The image as the user wanted it: a mark in the field that carries it is no value of the user's (the
 * outputs keep the input instead), and says that the image is not sealed yet.
 */
export function unmarked(def: CloudDefinition, image: CloudImage): CloudImage {
    const field = markedField(def.schema);
    if (!field || !isMark(image.outputs[field])) return image;
    const { [field]: _mark, ...outputs } = image.outputs;
    return { ...image, outputs, marked: true };
}
