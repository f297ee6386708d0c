/**
 * The schema is the single source of a resource's fields: the hand-written args interface (for its docs)
 * and the output properties of the resource class must agree with it. These checks are types: `npm test`
 * type-checks this file (tsc -p tests) and a disagreement fails the build with the field named.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ImportedImageArgsBase } from "../../provider/program/resource";
import type { PlainArgs, PlainOutputs, ResourceSchema } from "../../provider/core/schema";
import type { TencentCvmImportedImage, TencentCvmImportedImageArgs, TencentEcmImportedImage, TencentEcmImportedImageArgs } from "../../provider";
import type { JdcloudVmImportedImage, JdcloudVmImportedImageArgs } from "../../provider";
import type { AlicloudEnsImportedImage, AlicloudEnsImportedImageFields } from "../../provider";
import { ENS_SCHEMA } from "../../provider/alicloud-ens/schema";
import { JD_VM_SCHEMA } from "../../provider/jdcloud-vm/schema";
import { CVM_SCHEMA } from "../../provider/tencent-cvm/schema";
import { ECM_SCHEMA } from "../../provider/tencent-ecm/schema";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
/** Each arg as the provider receives it: Inputs resolved. */
type Resolved<T> = { [K in keyof T]-?: pulumi.Unwrap<Exclude<T[K], undefined>> };
/** The Output<T> properties a resource class declares, as T. */
type DeclaredOutputs<R> = { [K in Exclude<keyof R, "urn" | "id"> as R[K] extends pulumi.Output<unknown> ? K : never]: R[K] extends pulumi.Output<infer V> ? V : never };

/** Per field, whether the arg's type and the schema's agree (both ways): the keys that disagree. */
type ArgMismatches<A, S> = { [K in keyof A & keyof S]: [Resolved<A>[K]] extends [S[K]] ? ([S[K]] extends [Resolved<A>[K]] ? never : K) : K }[keyof A & keyof S];
/** Per output, whether what the schema says it holds fits the declared Output type. */
type OutputMismatches<D, P> = { [K in keyof D & keyof P]: [P[K]] extends [D[K]] ? never : K }[keyof D & keyof P];

/** A resource's own args: those of every resource (adoptImageId) are the core's. */
type Agreement<AllArgs, R, S extends ResourceSchema, Args = Omit<AllArgs, keyof ImportedImageArgsBase>> = {
    sameArgs: Equals<keyof Args, keyof S["inputs"]>;
    sameRequiredArgs: Equals<RequiredKeys<Args>, RequiredKeys<PlainArgs<S["inputs"]>>>;
    argTypes: Equals<ArgMismatches<Args, Required<PlainArgs<S["inputs"]>>>, never>;
    sameOutputs: Equals<keyof DeclaredOutputs<R>, keyof S["inputs"] | keyof S["outputs"]>;
    outputTypes: Equals<OutputMismatches<DeclaredOutputs<R>, PlainOutputs<S>>, never>;
};
type AllTrue<T> = { [K in keyof T]: T[K] extends true ? true : false };

const cvm: AllTrue<Agreement<TencentCvmImportedImageArgs, TencentCvmImportedImage, typeof CVM_SCHEMA>> = {
    sameArgs: true,
    sameRequiredArgs: true,
    argTypes: true,
    sameOutputs: true,
    outputTypes: true,
};

const ecm: AllTrue<Agreement<TencentEcmImportedImageArgs, TencentEcmImportedImage, typeof ECM_SCHEMA>> = {
    sameArgs: true,
    sameRequiredArgs: true,
    argTypes: true,
    sameOutputs: true,
    outputTypes: true,
};

const jd: AllTrue<Agreement<JdcloudVmImportedImageArgs, JdcloudVmImportedImage, typeof JD_VM_SCHEMA>> = {
    sameArgs: true,
    sameRequiredArgs: true,
    argTypes: true,
    sameOutputs: true,
    outputTypes: true,
};

const ens: AllTrue<Agreement<AlicloudEnsImportedImageFields, AlicloudEnsImportedImage, typeof ENS_SCHEMA>> = {
    sameArgs: true,
    sameRequiredArgs: true,
    argTypes: true,
    sameOutputs: true,
    outputTypes: true,
};

test("each resource's args and outputs agree with its schema (checked by the type checker)", () => {
    expect([cvm, ecm, jd, ens].flatMap((r) => Object.values(r)).every(Boolean)).toBe(true);
});
