import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { TYPE_MODULE, type CloudIdentity } from "../core/identity";
import { INTERNAL_INPUT } from "../core/internal";
import type { ResourceSchema } from "../core/schema";
import type { Timeouts } from "../core/timeouts";
import { containsSignature } from "../core/url";
import { shimFor } from "./shim";

export type { Timeouts } from "../core/timeouts";

/** The `timeouts` argument: each duration may itself be an Output (a config value, another resource's). */
export type TimeoutsArgs = { [K in keyof Timeouts]?: pulumi.Input<string> };

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
 * a credential: secret inputs are encrypted in state), its internal input (its create's token and its name:
 * see internal.ts), and every input and output name of the schema seeded with undefined so the SDK exposes
 * each as an Output even when it is not set.
 */
export function resourceProps(args: object, schema: ResourceSchema, identity: CloudIdentity, name: string, opts?: pulumi.CustomResourceOptions): pulumi.Inputs {
    const props: pulumi.Inputs = { ...args };
    for (const [key, spec] of Object.entries(schema.inputs)) {
        const v = props[key];
        if (spec.secret === "presigned-url" && v !== undefined) props[key] = pulumi.output(v).apply((x: unknown) => (containsSignature(x) ? pulumi.secret(x) : x));
    }
    const parent = opts?.parent ? opts.parent.urn : pulumi.output("");
    props[INTERNAL_INPUT] = parent.apply((p) => ({
        token: createHash("sha256").update([pulumi.getProject(), pulumi.getStack(), identity.resource, p, name].join("\n")).digest("hex").slice(0, 32),
        resourceName: name,
    }));
    for (const key of [...Object.keys(schema.inputs), ...Object.keys(schema.outputs), "adoptImageId"]) if (!(key in props)) props[key] = undefined;
    return props;
}

/** The warning a dynamic resource gives a program that sets customTimeouts, naming the input that does the job. */
export function customTimeoutsWarning(custom: pulumi.CustomTimeouts): string {
    const set = (["create", "update", "delete"] as const).filter((k) => custom[k]);
    const example = set.map((k) => `${k}: "${custom[k]}"`).join(", ");
    return `customTimeouts (${set.join(", ")}) never reach a dynamic provider and are ignored: set the resource's \`timeouts\` input instead (timeouts: { ${example} }). The provider plugin's resources (image-import:index:*) take customTimeouts.`;
}

/** What the statics below need of a resource class: its constructor and its Pulumi type token. */
export interface ImportedImageClass<T> {
    new (name: string, args: never, opts?: pulumi.CustomResourceOptions): T;
    readonly pulumiType: string;
}

/**
 * What every resource of this package is: a dynamic resource of one cloud whose id is the image id, with
 * the statics of Pulumi's own resource classes.
 */
export abstract class ImportedImage extends pulumi.dynamic.Resource {
    /** The image id. It is the resource's id, so a preview knows it wherever the id is known. */
    declare readonly imageId: pulumi.Output<string>;

    protected constructor(identity: CloudIdentity, schema: ResourceSchema, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
        super(shimFor(identity.key), name, resourceProps(args, schema, identity, name, opts), opts, TYPE_MODULE, identity.resource);
        (this as { imageId: pulumi.Output<string> }).imageId = this.id;
        // The engine never passes customTimeouts to a dynamic provider: said once, on the resource, rather than lost.
        const custom = opts?.customTimeouts;
        if (custom && (custom.create || custom.update || custom.delete)) void pulumi.log.warn(customTimeoutsWarning(custom), this);
    }

    /** An existing image of the stack's cloud account, read by its id: `refresh` reads it again, `destroy` never deletes it. */
    static get<T>(this: ImportedImageClass<T>, name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): T {
        return new this(name, {} as never, { ...opts, id });
    }

    /** Whether `obj` is a resource of this class, also one made by another copy of this package. */
    static override isInstance<T>(this: ImportedImageClass<T>, obj: unknown): obj is T {
        return typeof obj === "object" && obj !== null && (obj as { __pulumiType?: unknown }).__pulumiType === this.pulumiType;
    }
}
