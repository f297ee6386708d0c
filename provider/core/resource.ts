import * as pulumi from "@pulumi/pulumi";
import { hasSignature } from "./url";

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
 * signature is a credential: secret inputs are encrypted in state), and every output seeded with
 * undefined so the SDK exposes it.
 */
export function resourceProps(args: object, sensitive: readonly string[], outputs: readonly string[]): pulumi.Inputs {
    const props: pulumi.Inputs = { ...args };
    for (const key of sensitive) {
        const v = props[key];
        if (v !== undefined) props[key] = pulumi.output(v).apply((x: unknown) => (containsSignature(x) ? pulumi.secret(x) : x));
    }
    for (const key of outputs) if (!(key in props)) props[key] = undefined;
    return props;
}

function containsSignature(v: unknown): boolean {
    if (typeof v === "string") return hasSignature(v);
    return Array.isArray(v) && v.some((x) => typeof x === "string" && hasSignature(x));
}
