import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import type { ResourceSchema } from "./schema";
import { containsSignature } from "./url";

export type { Timeouts } from "./timeouts";

/** What every resource of this package takes besides its cloud's own fields. */
export interface ImportedImageArgsBase {
    /**
     * Adopt this existing image instead of importing: create checks that it matches the inputs (name,
     * source, OS where the cloud reports them) and records it. The way to recover an image a stack lost,
     * and the substitute for `pulumi import`, which dynamic providers cannot serve.
     */
    adoptImageId?: pulumi.Input<string>;
}

/**
 * The props a resource passes to dynamic.Resource: its args, presigned URLs made secret (their signature is
 * a credential: secret inputs are encrypted in state), its import token (see CORE_INPUTS in schema.ts), and every input and output name
 * of the schema seeded with undefined so the SDK exposes each as an Output even when it is not set.
 */
export function resourceProps(args: object, schema: ResourceSchema, type: string, name: string, opts?: pulumi.CustomResourceOptions): pulumi.Inputs {
    const props: pulumi.Inputs = { ...args };
    for (const [key, spec] of Object.entries(schema.inputs)) {
        const v = props[key];
        if (spec.secret === "presigned-url" && v !== undefined) props[key] = pulumi.output(v).apply((x: unknown) => (containsSignature(x) ? pulumi.secret(x) : x));
    }
    const parent = opts?.parent ? opts.parent.urn : pulumi.output("");
    props.importToken = parent.apply((p) => createHash("sha256").update([pulumi.getProject(), pulumi.getStack(), type, p, name].join("\n")).digest("hex").slice(0, 32));
    for (const key of [...Object.keys(schema.inputs), ...Object.keys(schema.outputs), "adoptImageId"]) if (!(key in props)) props[key] = undefined;
    return props;
}
