import * as pulumi from "@pulumi/pulumi";
import { containsSignature } from "./url";
import type { Schema } from "./validate";

/** Deadlines for the operations Pulumi's customTimeouts cannot reach in a dynamic provider. */
export interface Timeouts {
    /** Wait for a new import, e.g. "90m" or "6h" (default "6h"). */
    create?: string;
    /** Wait when `up` resumes an unfinished import, plus in-place changes (default "6h"). */
    update?: string;
    /** Wait until the image is gone (default "1h"). */
    delete?: string;
}

/**
 * The props a resource passes to dynamic.Resource: its args, presigned URLs made secret (their
 * signature is a credential: secret inputs are encrypted in state), and every input and output
 * name seeded with undefined so the SDK exposes each as an Output even when it is not set.
 */
export function resourceProps(args: object, schema: Schema, computed: readonly string[]): pulumi.Inputs {
    const props: pulumi.Inputs = { ...args };
    for (const [key, spec] of Object.entries(schema)) {
        const v = props[key];
        if (spec.sensitive && v !== undefined) props[key] = pulumi.output(v).apply((x: unknown) => (containsSignature(x) ? pulumi.secret(x) : x));
    }
    for (const key of [...Object.keys(schema), ...computed]) if (!(key in props)) props[key] = undefined;
    return props;
}
