import * as pulumi from "@pulumi/pulumi";
import type { ResourceSchema } from "./schema";
import { containsSignature } from "./url";

export type { Timeouts } from "./timeouts";

/**
 * The props a resource passes to dynamic.Resource: its args, presigned URLs made secret (their
 * signature is a credential: secret inputs are encrypted in state), and every input and output
 * name of the schema seeded with undefined so the SDK exposes each as an Output even when it is not set.
 */
export function resourceProps(args: object, schema: ResourceSchema): pulumi.Inputs {
    const props: pulumi.Inputs = { ...args };
    for (const [key, spec] of Object.entries(schema.inputs)) {
        const v = props[key];
        if (spec.secret === "presigned-url" && v !== undefined) props[key] = pulumi.output(v).apply((x: unknown) => (containsSignature(x) ? pulumi.secret(x) : x));
    }
    for (const key of [...Object.keys(schema.inputs), ...Object.keys(schema.outputs)]) if (!(key in props)) props[key] = undefined;
    return props;
}
