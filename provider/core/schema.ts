import { INTERNAL_INPUT, type Internal } from "./internal";
import type { Timeouts } from "./timeouts";

/** Inputs as check gets them, before any rule has held: what the rules themselves look at. */
export type Unchecked = Readonly<Record<string, unknown>>;

export type FieldType = "string" | "boolean" | "integer" | "string[]" | "map" | "timeouts" | "object" | "object[]";

/**
 * One input of a resource: the single source of its type, its documented rules (checked before any API
 * call), its API parameter, and what a change to it does. Replacement is declared here, on the field
 * (the terraform-plugin-framework way), never in the lifecycle code.
 */
export interface FieldSpec {
    type: FieldType;
    doc: string;
    /** For "object" and "object[]": the fields of each object. */
    fields?: Schema;
    required?: boolean;
    /** Where a required value is taken from when the resource leaves it out (checked in check). */
    fallback?: { config: string; env: readonly string[] };
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
    check?(value: unknown, all: Unchecked): string | undefined;
    /**
     * What a change does: replace the image; update it in place through the cloud's API (the field's
     * `apiName`); local, a change of the resource's own settings with no cloud call (timeouts); or none,
     * no change at all (identity the resource computes).
     */
    change: "replace" | "update" | "local" | "none";
    /** The API parameter this input is sent as, where it is changed in place. */
    apiName?: string;
    /** The cloud's value when the input is not set: spelling the default out is not a change. */
    default?: unknown;
    /**
     * Left unset, the cloud chooses the value (and reports it): then it is never a change (Terraform's
     * Optional + Computed). Set, it is compared like any other input.
     */
    computedWhenUnset?: boolean;
    /**
     * The import cannot carry it: once the image is ready the core sets it through the Modifiable
     * capability (under `apiName`), in the create or in the `up` that resumes it.
     */
    setAfterImport?: boolean;
    /**
     * The import sends the resource's mark in this field instead of its value (the cloud stores and lists
     * it, and nothing foreign can carry it); once the create has recorded the image, the value is written in
     * its place through the Modifiable capability (under `apiName`): that write is the seal. At most one
     * field of a schema.
     */
    markedDuringImport?: boolean;
    /**
     * "presigned-url": holds URLs whose query may carry a signature, a credential: it is made secret in
     * state, compared without the signature (re-signing is no change), and never shown.
     */
    secret?: "presigned-url";
}

export type Schema = Readonly<Record<string, FieldSpec>>;

/** A computed output: what the cloud reports, beside the inputs echoed back. */
export interface OutputSpec {
    type: "string" | "integer" | "boolean";
    doc: string;
    /** Kept under an old name for one release: the same value as this output, which replaces it. */
    aliasOf?: string;
}

/**
 * A resource's fields: its inputs and its computed outputs. The args interface and the output properties
 * of the resource class are checked against it at compile time (tests/provider/schema-types.test.ts).
 */
export interface ResourceSchema {
    inputs: Schema;
    /** The shape of the cloud's image ids, which `adoptImageId` must have. */
    imageId: { re: RegExp; rule: string };
    outputs: Readonly<Record<string, OutputSpec>>;
    /**
     * Replacing deletes the old image first when every input of one of these groups is kept: the cloud
     * refuses a second image with them (a unique name in a region, one import per source).
     */
    deleteFirstWhenKept?: readonly (readonly string[])[];
    /**
     * Rules over several inputs that no one field can hold ("one of these two is required"): each names the
     * input its failure is reported on, and returns the broken rule, if any. Checked with the field rules.
     */
    rules?: readonly { property: string; doc: string; check(all: Unchecked): string | undefined }[];
}

/**
 * Inputs the core knows on every resource: its internal input (see internal.ts), which the resource sets and
 * no diff compares (the token is the same wherever the resource is), and `adoptImageId`, which is no change
 * either: an adopted image is the resource's from then on.
 */
export const CORE_INPUTS = {
    [INTERNAL_INPUT]: {
        type: "object",
        doc: "What the package keeps about the resource (set by the resource, never by a program): its create's token, its name in the program, whether `pulumi import` took it in.",
        fields: {
            token: { type: "string", doc: "The create's identity, the same for every run of the resource in its stack.", change: "none" },
            resourceName: { type: "string", doc: "The resource's name in the program.", change: "none" },
            imported: { type: "boolean", doc: "Taken in with `pulumi import` (the provider plugin).", change: "none" },
        },
        change: "none",
    },
    adoptImageId: { type: "string", doc: "An existing image to adopt instead of importing.", pattern: { re: /^\S+$/, rule: "must be an image id" }, change: "none" },
} as const satisfies Schema;

/** Every input a resource of this schema takes: the core's and its cloud's, an adopted id of the cloud's shape. */
export function allInputs(schema: ResourceSchema): Schema {
    return { ...CORE_INPUTS, adoptImageId: { ...CORE_INPUTS.adoptImageId, pattern: schema.imageId }, ...schema.inputs };
}

/** The TypeScript type of a field's plain value. */
export type ValueOf<F> = F extends { type: "string"; oneOf: readonly (infer E)[] }
    ? E
    : F extends { type: "string" }
      ? string
      : F extends { type: "boolean" }
        ? boolean
        : F extends { type: "integer" }
          ? number
          : F extends { type: "string[]" }
            ? string[]
            : F extends { type: "map" }
              ? Record<string, string>
              : F extends { type: "timeouts" }
                ? Timeouts
                : F extends { type: "object"; fields: infer S }
                  ? PlainArgs<S>
                  : F extends { type: "object[]"; fields: infer S }
                    ? PlainArgs<S>[]
                    : never;

/** Fields the user must give: required, with nowhere else to take them from. */
type MustGive<S> = { [K in keyof S]: S[K] extends { required: true } ? (S[K] extends { fallback: object } ? never : K) : never }[keyof S];

/** The plain (resolved) args a schema describes, optional where the user may leave them out. */
export type PlainArgs<S> = { [K in MustGive<S>]: ValueOf<S[K]> } & { [K in Exclude<keyof S, MustGive<S>>]?: ValueOf<S[K]> };

/** The plain value of every output a resource exposes: its inputs echoed back and its computed outputs. */
export type PlainOutputs<R extends ResourceSchema> = { [K in keyof R["inputs"]]: ValueOf<R["inputs"][K]> } & {
    [K in keyof R["outputs"]]: R["outputs"][K] extends { type: "integer" } ? number : R["outputs"][K] extends { type: "boolean" } ? boolean : string;
};

/** Fields that are there once check has passed: required ones, a fallback filled in where the user left it out. */
type Present<S> = { [K in keyof S]: S[K] extends { required: true } ? K : never }[keyof S];

/**
 * The inputs a cloud's code receives once check has passed: each field of its schema's type, every required
 * one present (a fallback filled in), with the core's own inputs beside them.
 */
export type CheckedInputs<R extends ResourceSchema> = string extends keyof R["inputs"]
    ? // Any schema at all: the core's own view, which knows no field.
      Record<string, unknown>
    : { [K in Present<R["inputs"]>]: ValueOf<R["inputs"][K]> } & {
          [K in Exclude<keyof R["inputs"], Present<R["inputs"]>>]?: ValueOf<R["inputs"][K]>;
      } & { [INTERNAL_INPUT]?: Internal; adoptImageId?: string };

/**
 * The inputs of a resource as state records them, where `read` and `delete` start from: they skip check (a
 * `get` resource, state written by an older release), so any field may be missing.
 */
export type RecordedInputs<R extends ResourceSchema> = Partial<CheckedInputs<R>>;
