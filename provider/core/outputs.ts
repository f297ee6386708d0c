import type { CloudDefinition, ImageRef, Inputs } from "./cloud";
import { isUnsetValue } from "./diff";
import { internalOf, withInternal } from "./internal";
import { phaseOf, type CloudImage } from "./status";
import { plain } from "./unknown";
import { stripSignatures } from "./url";

/** The output holding the cloud's state name, on every resource. */
export const STATE_OUTPUT = "imageState";

/** The image a resource's recorded properties name, with its import's tracking data (kept in the internal input). */
export function refOf(id: string, props: Inputs): ImageRef {
    const { tracking } = internalOf(props);
    return tracking && typeof tracking === "object" ? { id, tracking } : { id };
}


/**
 * Outputs echo the inputs (diff compares against them), presigned URLs without their signature, then the
 * tracking data, then what the cloud reports, where it reports something.
 */
export function outputsOf(def: CloudDefinition, inputs: Inputs, ref: ImageRef, image: CloudImage | undefined): Record<string, unknown> {
    let outs: Record<string, unknown> = { ...inputs, imageId: ref.id };
    for (const [key, spec] of Object.entries(def.schema.inputs)) {
        if (spec.secret === "presigned-url" && outs[key] !== undefined) outs[key] = stripSignatures(outs[key]);
    }
    // `marked` says the image is not sealed yet, and follows what the cloud last showed.
    const { marked: _marked, ...tracking } = ref.tracking ?? {};
    const marked = image ? image.marked : ref.tracking?.marked;
    if (ref.tracking || marked) outs = withInternal(outs, { tracking: marked ? { ...tracking, marked: 1 } : tracking });
    if (image) {
        // Until the image is ready, what the import could not set is not set yet: the cloud's value is the
        // import's own, and the input stays recorded so that resuming sets it rather than replacing the image.
        const owed = phaseOf(def.states, image.state) === "ready" ? [] : Object.keys(def.schema.inputs).filter((k) => def.schema.inputs[k].setAfterImport && inputs[k] != null && inputs[k] !== "");
        // A field the cloud reports as unset is unset now (a family cleared outside Pulumi shows on refresh).
        // An input left unset stays unset where the cloud reports its empty value (CVM's `tags: {}`): a
        // replace's preview would show it as a removal.
        for (const [key, value] of Object.entries(image.outputs)) {
            if (owed.includes(key)) continue;
            if (key in def.schema.inputs && inputs[key] === undefined && isUnsetValue(value)) continue;
            if (value === undefined || value === null) delete outs[key];
            else outs[key] = value;
        }
        outs[STATE_OUTPUT] = image.state;
    }
    // Outputs kept under an old name for a release: the same value as the one they stand for.
    for (const [key, spec] of Object.entries(def.schema.outputs)) if (spec.aliasOf && outs[spec.aliasOf] !== undefined) outs[key] = outs[spec.aliasOf];
    return plain(outs);
}

/** Whether recorded outputs describe an image that still carries its import's mark (not sealed yet). */
export function isMarked(outputs: Inputs): boolean {
    return Boolean(refOf("", outputs).tracking?.marked);
}

/** Whether recorded outputs describe a ready image, by the cloud's declared states. */
export function isReady(def: CloudDefinition, outputs: Inputs): boolean {
    // State written before the output had one name on every cloud holds it under the old one.
    const old = Object.entries(def.schema.outputs).find(([, spec]) => spec.aliasOf === STATE_OUTPUT)?.[0];
    return phaseOf(def.states, String(outputs[STATE_OUTPUT] ?? (old ? outputs[old] : undefined))) === "ready";
}
