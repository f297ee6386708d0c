/**
 * pulumi-image-import: cloud ImportImage APIs as Pulumi resources that wait for the image, keep it
 * in the stack when anything fails, and delete it for real.
 */
export { TencentCvmImportedImage, type TencentCvmImportedImageArgs } from "./tencent-cvm/resource";
export { TencentEcmImportedImage, type TencentEcmImportedImageArgs } from "./tencent-ecm/resource";
export { JdcloudVmImportedImage, type JdcloudVmImportedImageArgs } from "./jdcloud-vm/resource";
export {
    AlicloudEnsImportedImage,
    type AlicloudEnsImportedImageArgs,
    type AlicloudEnsImportedImageFields,
    type AlicloudEnsOssObject,
    type AlicloudEnsSource,
} from "./alicloud-ens/resource";
export type { Timeouts } from "./program/resource";
