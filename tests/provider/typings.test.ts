/**
 * The resource classes' typings, as a consumer's type checker sees them (`npm test` type-checks this file),
 * and the statics that need no engine.
 */
import * as pulumi from "@pulumi/pulumi";
import { TencentCvmImportedImage, TencentEcmImportedImage, type AlicloudEnsImportedImageArgs, type TencentCvmImportedImageArgs } from "../../provider";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type OutputOf<T> = T extends pulumi.Output<infer V> ? V : never;

// Each duration of `timeouts` may be an Output (a config value, another resource's output).
const args: TencentCvmImportedImageArgs = {
    imageName: "n",
    imageUrl: "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/x.qcow2",
    osType: "CentOS",
    osVersion: "7",
    architecture: "x86_64",
    timeouts: { create: pulumi.output("2h"), delete: "30m" },
};
// Enum outputs are their unions, not plain strings.
const architecture: Equals<OutputOf<TencentCvmImportedImage["architecture"]>, "x86_64" | "i386" | "arm_64"> = true;
const bootMode: Equals<OutputOf<TencentCvmImportedImage["bootMode"]>, "Legacy BIOS" | "UEFI" | undefined> = true;
// `get` returns the class it is called on; `isInstance` narrows to it.
type Got = ReturnType<typeof TencentEcmImportedImage.get<TencentEcmImportedImage>>;
const got: Equals<Got, TencentEcmImportedImage> = true;
function narrows(x: unknown): string | undefined {
    if (TencentCvmImportedImage.isInstance(x)) {
        const image: TencentCvmImportedImage = x;
        return typeof image.imageId;
    }
    return undefined;
}

test("the typings agree (checked by the type checker)", () => {
    expect([architecture, bootMode, got, args.architecture === "x86_64", narrows(undefined) === undefined]).toEqual([true, true, true, true, true]);
});

test("isInstance knows a resource by its Pulumi type, also one made by another copy of the package", () => {
    const cvm = { __pulumiType: "pulumi-nodejs:dynamic/image-import:TencentCvmImportedImage" };
    expect(TencentCvmImportedImage.isInstance(cvm)).toBe(true);
    expect(TencentEcmImportedImage.isInstance(cvm)).toBe(false);
    expect(TencentCvmImportedImage.isInstance({})).toBe(false);
    expect(TencentCvmImportedImage.isInstance(null)).toBe(false);
    expect(TencentCvmImportedImage.isInstance("TencentCvmImportedImage")).toBe(false);
});

// An ENS image takes exactly one source: one file or one per disk; neither, or both, does not compile.
const oneFile: AlicloudEnsImportedImageArgs = { imageName: "web", ossObject: { bucket: "images", object: "web.qcow2" } };
const perDisk: AlicloudEnsImportedImageArgs = { imageName: "web", diskDeviceMappings: [{ bucket: "images", object: "sys.qcow2" }] };
// @ts-expect-error neither ossObject nor diskDeviceMappings
const neither: AlicloudEnsImportedImageArgs = { imageName: "web" };
// @ts-expect-error both ossObject and diskDeviceMappings
const both: AlicloudEnsImportedImageArgs = { imageName: "web", ossObject: { bucket: "images", object: "a.qcow2" }, diskDeviceMappings: [{ bucket: "images", object: "b.qcow2" }] };

test("an ENS image's source is typed as one of its two forms", () => {
    expect([oneFile, perDisk, neither, both].length).toBe(4);
});
