/**
 * The resource classes' typings, as a consumer's type checker sees them (`npm test` type-checks this file),
 * and the statics that need no engine.
 */
import * as pulumi from "@pulumi/pulumi";
import { TencentCvmImportedImage, TencentEcmImportedImage, type TencentCvmImportedImageArgs } from "../../provider";

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
