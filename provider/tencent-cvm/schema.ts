import type { ResourceSchema, Unchecked } from "../core/schema";
import { TENCENT_IMAGE_ID, TENCENT_REGION } from "../tencent/region";

/** COS object URLs: `<bucket>-<appid>.cos.<region>.myqcloud.com` (or the tencentcos.cn / accelerate forms). */
const COS_HOST = /^[a-z0-9-]+\.cos(-internal|-website)?\.[a-z0-9-]+\.(myqcloud\.com|tencentcos\.cn)$/;
const COS_RULE = "must be a COS object URL such as https://<bucket>-<appid>.cos.<region>.myqcloud.com/<key>";

const REGION = TENCENT_REGION.re;

/** The COS region in a URL's host, where the host names one. */
function cosRegion(url: string): string | undefined {
    try {
        return /\.cos(?:-internal|-website)?\.([a-z0-9-]+)\.(?:myqcloud\.com|tencentcos\.cn)$/.exec(new URL(url).hostname)?.[1];
    } catch {
        return undefined;
    }
}

/** The image imports from its own region's COS: a bucket elsewhere is refused by the cloud, after the wait. */
function sameRegion(urls: unknown, all: Unchecked): string | undefined {
    for (const url of Array.isArray(urls) ? urls : [urls]) {
        const region = typeof url === "string" ? cosRegion(url) : undefined;
        // An invalid region is reported on the region itself.
        if (region && typeof all.region === "string" && REGION.test(all.region) && region !== all.region && region !== "accelerate") return `is in the COS region ${region}, but the image's region is ${all.region}`;
    }
    return undefined;
}

/**
 * Tencent Cloud's tag rules (https://www.tencentcloud.com/document/product/651/13354): at most 50 tags a
 * resource (one is this package's import token), keys of 1 to 127 characters that do not start with a
 * reserved prefix, values of at most 255.
 */
function tagRules(v: unknown): string | undefined {
    const tags = Object.entries(v as Record<string, string>);
    if (tags.length > 49) return `must hold at most 49 tags (the cloud allows 50 and the import token takes one), got ${tags.length}`;
    for (const [key, value] of tags) {
        if (!key.length || [...key].length > 127) return `tag key "${key}" must be 1 to 127 characters`;
        if (/^(qcloud|tencent|project)/i.test(key)) return `tag key "${key}" must not start with qcloud, tencent or project (reserved)`;
        if (typeof value === "string" && [...value].length > 255) return `the value of tag "${key}" must be at most 255 characters`;
    }
    return undefined;
}

/**
 * ImportImage's parameters (https://www.tencentcloud.com/document/api/213/15717) and what DescribeImages
 * reports. The description and the family are changed in place (ModifyImageAttribute). The name could be
 * too, but this package's contract makes the name, the source and the OS version replace-triggering: an
 * image is identified by what it was imported as. Every other field the cloud cannot change replaces as
 * well. Tags are set at import (TagSpecification) and changed in place through the tag service
 * (ModifyResourceTags), which the image API itself lacks.
 */
export const CVM_SCHEMA = {
    imageId: TENCENT_IMAGE_ID,
    inputs: {
        region: {
            type: "string",
            doc: 'Region of the image, e.g. "ap-guangzhou".',
            required: true,
            fallback: { config: "tencentcloud:region", env: ["TENCENTCLOUD_REGION"] },
            pattern: TENCENT_REGION,
            change: "replace",
        },
        imageName: { type: "string", doc: "Image name, unique in the region.", required: true, maxLength: 60, change: "replace" },
        imageUrl: {
            type: "string",
            doc: "COS URL of the disk image (qcow2, vhd, vmdk, raw, iso).",
            required: true,
            url: { host: COS_HOST, rule: COS_RULE },
            check: (v: unknown, all: Unchecked) =>
                sameRegion(v, all) ??
                (/\.iso$/i.test(String(v).split("?")[0]) && all.force !== true ? "is an ISO file, which CVM imports only with force: true" : undefined),
            change: "replace",
            secret: "presigned-url",
        },
        osType: { type: "string", doc: 'OS as DescribeImportImageOs names it, e.g. "CentOS", "Ubuntu".', required: true, change: "replace" },
        osVersion: { type: "string", doc: 'OS version from DescribeImportImageOs, e.g. "7" or "-".', required: true, change: "replace" },
        architecture: { type: "string", doc: "CPU architecture of the image.", required: true, oneOf: ["x86_64", "i386", "arm_64"], change: "replace" },
        imageDescription: { type: "string", doc: "The image's description.", maxLength: 256, change: "update", apiName: "ImageDescription" },
        force: { type: "boolean", doc: "Import without the cloud's checks (required for ISO files).", change: "replace", default: false },
        licenseType: { type: "string", doc: "Licence of the OS.", oneOf: ["TencentCloud", "BYOL"], change: "replace", default: "TencentCloud" },
        bootMode: { type: "string", doc: "Boot mode.", oneOf: ["Legacy BIOS", "UEFI"], change: "replace", default: "Legacy BIOS" },
        imageFamily: {
            type: "string",
            doc: "Image family.",
            pattern: { re: /^[A-Za-z][A-Za-z0-9._-]{0,59}$/, rule: "must start with a letter and hold at most 60 letters, digits, '.', '_' or '-'" },
            change: "update",
            apiName: "ImageFamily",
        },
        tags: { type: "map", doc: "Tags, set at import and changed in place through the tag service.", check: tagRules, change: "update", apiName: "Tags" },
        dataDiskUrls: {
            type: "string[]",
            doc: "COS URLs of data-disk images.",
            url: { host: COS_HOST, rule: COS_RULE },
            check: (v: unknown, all: Unchecked) => ((v as unknown[]).length > 10 ? "must hold at most 10 data disk images" : sameRegion(v, all)),
            change: "replace",
            secret: "presigned-url",
        },
        timeouts: { type: "timeouts", doc: "How long create, update and delete wait.", change: "local" },
    },
    outputs: {
        imageId: { type: "string", doc: "The image id (img-...)." },
        imageState: { type: "string", doc: "IMPORTING, NORMAL, IMPORTFAILED... as the cloud reports it." },
        imageSize: { type: "integer", doc: "Size in GB, once imported." },
        createdTime: { type: "string", doc: "When the cloud created the image." },
        imageSource: { type: "string", doc: "EXTERNAL_IMPORT for imported images." },
    },
    // Names are unique per region: keeping the name, a replacement must delete the old image first.
    deleteFirstWhenKept: [["imageName", "region"]],
} as const satisfies ResourceSchema;
