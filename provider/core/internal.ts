import type { Inputs, Tracking } from "./cloud";

/**
 * The one input of every resource that no program sets: what the package itself keeps about a resource.
 * Its name starts with `__`, which Pulumi reserves for internal properties (the dynamic provider's own
 * `__provider` is one): the CLI never displays them, so a preview or a diff shows only what the program
 * declares, while `pulumi stack export` still shows it whole.
 *
 * - `token`: the create's identity, the same for every run of the same resource in the same stack (a
 *   digest of the project, stack, type, parent and name); the import's mark is derived from it, so an
 *   image that a killed run never recorded is provably this resource's on the next `up` (see mark.ts).
 * - `resourceName`: the resource's name in the program, which progress lines give.
 * - `imported`: the provider plugin's, on an image taken in with `pulumi import`: what the cloud cannot
 *   report (its source) may stay unset.
 * - `tracking` (outputs only): what the cloud needs to follow the import (JD's task id), when the cloud
 *   accepted it, and whether the image still carries its mark.
 */
export const INTERNAL_INPUT = "__imageImport";

export interface Internal {
    token?: string;
    resourceName?: string;
    imported?: boolean;
    tracking?: Tracking;
}

/** The internal input of these inputs or recorded outputs; empty where there is none (a `get` resource). */
export function internalOf(props: Inputs): Internal {
    const value = props[INTERNAL_INPUT];
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Internal) : {};
}

/** These props with their internal input changed as given: a key set to undefined is removed. */
export function withInternal(props: Inputs, change: Internal): Inputs {
    const merged = { ...internalOf(props), ...change };
    for (const key of Object.keys(merged) as (keyof Internal)[]) if (merged[key] === undefined) delete merged[key];
    const { [INTERNAL_INPUT]: _old, ...rest } = props;
    return Object.keys(merged).length ? { ...rest, [INTERNAL_INPUT]: merged } : rest;
}
