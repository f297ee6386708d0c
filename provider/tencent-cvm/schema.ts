import type { Schema } from "../core/validate";

/** COS object URLs: `<bucket>-<appid>.cos.<region>.myqcloud.com` (or the tencentcos.cn / accelerate forms). */
const COS_HOST = /^[a-z0-9-]+\.cos(-internal|-website)?\.[a-z0-9-]+\.(myqcloud\.com|tencentcos\.cn)$/;
const COS_RULE = "must be a COS object URL such as https://<bucket>-<appid>.cos.<region>.myqcloud.com/<key>";

/**
 * ImportImage's parameters (reference §3.1). The description and the family are changed in place
 * (ModifyImageAttribute). The name could be too, but this package's contract makes the name, the
 * source and the OS version replace-triggering: an image is identified by what it was imported as.
 * Every other field the cloud cannot change replaces as well; tags are set at import
 * (TagSpecification) and the image API has no call to change them.
 */
export const CVM_SCHEMA: Schema = {
    region: {
        type: "string",
        required: true,
        requiredHint: "set it on the resource, with `pulumi config set tencentcloud:region <region>` or TENCENTCLOUD_REGION",
        pattern: { re: /^[a-z]{2}-[a-z]+(-[a-z0-9]+)*$/, rule: "must be a Tencent Cloud region such as ap-guangzhou" },
        change: "replace",
    },
    imageName: { type: "string", required: true, maxLength: 60, change: "replace" },
    imageUrl: { type: "string", required: true, url: { host: COS_HOST, rule: COS_RULE }, change: "replace", sensitive: true },
    osType: { type: "string", required: true, change: "replace" },
    osVersion: { type: "string", required: true, change: "replace" },
    architecture: { type: "string", required: true, oneOf: ["x86_64", "i386", "arm_64"], change: "replace" },
    imageDescription: { type: "string", maxLength: 256, change: "update" },
    force: { type: "boolean", change: "replace", default: false },
    licenseType: { type: "string", oneOf: ["TencentCloud", "BYOL"], change: "replace", default: "TencentCloud" },
    bootMode: { type: "string", oneOf: ["Legacy BIOS", "UEFI"], change: "replace", default: "Legacy BIOS" },
    imageFamily: {
        type: "string",
        pattern: { re: /^[A-Za-z][A-Za-z0-9._-]{0,59}$/, rule: "must start with a letter and hold at most 60 letters, digits, '.', '_' or '-'" },
        change: "update",
    },
    tags: { type: "map", change: "replace" },
    dataDiskUrls: {
        type: "string[]",
        url: { host: COS_HOST, rule: COS_RULE },
        check: (v) => ((v as unknown[]).length > 10 ? "must hold at most 10 data disk images" : undefined),
        change: "replace",
        sensitive: true,
    },
    timeouts: { type: "timeouts", change: "local" },
};

