import { stripSignature } from "../core/url";
import type { Schema } from "../core/validate";

/** COS object URLs: `<bucket>-<appid>.cos.<region>.myqcloud.com` (or the tencentcos.cn / accelerate forms). */
const COS_HOST = /^[a-z0-9-]+\.cos(-internal|-website)?\.[a-z0-9-]+\.(myqcloud\.com|tencentcos\.cn)$/;
const COS_RULE = "must be a COS object URL such as https://<bucket>-<appid>.cos.<region>.myqcloud.com/<key>";

const urlIdentity = (v: unknown) => (typeof v === "string" ? stripSignature(v) : Array.isArray(v) ? v.map((x) => (typeof x === "string" ? stripSignature(x) : x)) : v);

/**
 * ImportImage's parameters (reference §3.1). Only the description and the family can be changed
 * afterwards (ModifyImageAttribute); every other field forces a new image. Tags are set at import
 * (TagSpecification) and the image API has no call to change them, so they replace too.
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
    imageUrl: { type: "string", required: true, url: { host: COS_HOST, rule: COS_RULE }, change: "replace", identity: urlIdentity, sensitive: true },
    osType: { type: "string", required: true, change: "replace" },
    osVersion: { type: "string", required: true, change: "replace" },
    architecture: { type: "string", required: true, oneOf: ["x86_64", "i386", "arm_64"], change: "replace" },
    imageDescription: { type: "string", maxLength: 256, change: "update" },
    force: { type: "boolean", change: "replace" },
    licenseType: { type: "string", oneOf: ["TencentCloud", "BYOL"], change: "replace" },
    bootMode: { type: "string", oneOf: ["Legacy BIOS", "UEFI"], change: "replace" },
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
        identity: urlIdentity,
        sensitive: true,
    },
    timeouts: { type: "timeouts", change: "ignore" },
};

