import type { PlainArgs, ResourceSchema, Schema, Unchecked } from "../core/schema";
import { isPlainObject } from "../core/validate";
import { ALICLOUD_REGION, REGION_ENV } from "../alicloud/region";

/** Where ENS reads image files from: "Currently, only cn-beijing is supported" (ImportImage, OSSRegion). */
export const OSS_REGIONS = ["cn-beijing"] as const;

/** Whether a value is given: "" and an empty list are unset, as the core's diff reads them. */
export const given = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== "");

/** The sources that give no region of their own, by their path: they take the resource's `region`. */
export function regionless(all: Unchecked): string[] {
    const paths: string[] = [];
    if (isPlainObject(all.ossObject) && !given(all.ossObject.region)) paths.push("ossObject");
    if (Array.isArray(all.diskDeviceMappings)) all.diskDeviceMappings.forEach((d, i) => isPlainObject(d) && !given(d.region) && paths.push(`diskDeviceMappings[${i}]`));
    return paths;
}

/** OSS's own rules for keys (https://www.alibabacloud.com/help/en/oss/user-guide/object-naming-conventions). */
function objectKey(v: unknown): string | undefined {
    const key = String(v);
    if (/^[/\\]/.test(key)) return "must not start with / or \\ (an OSS object key is written without a leading slash)";
    if (Buffer.byteLength(key, "utf8") > 1023) return "must be at most 1023 bytes (UTF-8), the OSS limit for object keys";
    return undefined;
}

/** One image file in OSS: what ImportImage takes as OSSRegion / OSSBucket / OSSObject, and in each DiskDeviceMapping entry. */
const OSS_OBJECT = {
    region: {
        type: "string",
        doc: "The OSS region of the bucket; defaults to the resource's region (ENS imports only from cn-beijing today)",
        oneOf: OSS_REGIONS,
        change: "replace",
    },
    bucket: {
        type: "string",
        doc: "The OSS bucket holding the image file",
        required: true,
        // https://www.alibabacloud.com/help/en/oss/user-guide/bucket-naming-conventions
        pattern: { re: /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, rule: "must be an OSS bucket name: 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit" },
        change: "replace",
    },
    object: { type: "string", doc: "The key of the image file (qcow2) in the bucket: 1 to 1023 bytes, not starting with / or \\", required: true, check: objectKey, change: "replace" },
} as const satisfies Schema;

/** One image file as a checked input gives it. */
export type OssObject = PlainArgs<typeof OSS_OBJECT>;

function nameRules(v: unknown): string | undefined {
    const name = String(v);
    if (/^https?:\/\//i.test(name)) return "must not start with http:// or https://";
    if (!/^[A-Za-z0-9\p{Script=Han}:_-]*$/u.test(name)) return "may contain only letters, Chinese characters, digits, colons (:), underscores (_) and hyphens (-)";
    return undefined;
}

/** A source that relies on the resource's region can only be imported when that region is one ENS imports from. */
function regionRules(v: unknown, all: Unchecked): string | undefined {
    const relying = regionless(all);
    // A malformed region is reported by its pattern.
    if (!ALICLOUD_REGION.re.test(String(v)) || !relying.length || (OSS_REGIONS as readonly string[]).includes(String(v))) return undefined;
    const which = relying.length > 1 ? "which give no region of their own" : "which gives no region of its own";
    return `is the OSS region of ${relying.join(", ")}, ${which}, and ENS imports only from ${OSS_REGIONS.join(", ")}: set region (or the source's region) to ${OSS_REGIONS[0]}`;
}

/**
 * ENS ImportImage's parameters (https://www.alibabacloud.com/help/en/ens/developer-reference/api-ens-2017-11-10-importimage)
 * and what DescribeSelfImages reports. ENS can rename an image (ModifyImageAttribute, its only change), but
 * this package's contract makes the name replace-triggering, like the source and the OS version; every other
 * field is fixed at import, so every change replaces. Names are not unique, so a replacement imports the
 * new image before it deletes the old one.
 */
export const ENS_SCHEMA = {
    imageId: { re: /^m-[0-9a-z]{10,32}$/, rule: "must be an image id of ENS: m- and lowercase letters or digits, such as m-5t4xwkfkbs0uxv0kymdb6uip7" },
    inputs: {
        region: {
            type: "string",
            doc: "The OSS region of the image file(s) wherever a source gives none (ENS serves every region from one endpoint, so it is not sent otherwise).",
            required: true,
            fallback: { config: "alicloud:region", env: REGION_ENV },
            pattern: ALICLOUD_REGION,
            check: regionRules,
            change: "replace",
        },
        imageName: {
            type: "string",
            doc: "Letters, Chinese characters, digits, colons (:), underscores (_) and hyphens (-), not starting with http:// or https://. Not unique in ENS. While the image imports it is named by this resource's mark (pulumi-import-...), and renamed to this once the create has recorded it.",
            required: true,
            minLength: 2,
            maxLength: 128,
            pattern: { re: /^[A-Za-z\p{Script=Han}]/u, rule: "must start with a letter or a Chinese character" },
            check: nameRules,
            change: "replace",
            // ENS takes no token and no description: a marked name proves an image ours, and the rename seals it.
            markedDuringImport: true,
            apiName: "ImageName",
        },
        computeType: { type: "string", doc: "The image's compute type; ens_vm, the only one, is the default.", oneOf: ["ens_vm"], default: "ens_vm", change: "replace" },
        osType: { type: "string", doc: "The OS type; ENS lists windows too, but imports only linux (the default) today.", oneOf: ["linux"], default: "linux", change: "replace" },
        platform: { type: "string", doc: "The OS distribution.", oneOf: ["centos", "ubuntu"], change: "replace" },
        osVersion: { type: "string", doc: 'The distribution\'s version, e.g. "7.6".', change: "replace" },
        imageFormat: { type: "string", doc: "The image file's format; qcow2, the only one, is the default.", oneOf: ["qcow2"], default: "qcow2", change: "replace" },
        architecture: { type: "string", doc: "The CPU architecture; x86_64, the only one, is the default.", oneOf: ["x86_64"], default: "x86_64", change: "replace" },
        ossObject: {
            type: "object",
            doc: "The image file in OSS. Give this or diskDeviceMappings.",
            fields: OSS_OBJECT,
            check: (_v: unknown, all: Unchecked) =>
                given(all.diskDeviceMappings) ? "cannot be combined with diskDeviceMappings: give the image file as ossObject, or every file as diskDeviceMappings" : undefined,
            change: "replace",
        },
        diskDeviceMappings: {
            type: "object[]",
            doc: "The image files in OSS, one per disk, the system disk first. Give this or ossObject.",
            fields: OSS_OBJECT,
            check: (v: unknown) => ((v as unknown[]).length === 0 ? "must list at least one image file (the system disk's first); leave it out to give ossObject" : undefined),
            change: "replace",
        },
        targetOssRegionId: { type: "string", doc: "Where ENS keeps the image; unset, in the source's region.", oneOf: ["cn-beijing", "ap-southeast-1"], change: "replace" },
        licenseType: { type: "string", doc: "The OS licence type, as ENS takes it (it documents no values).", change: "replace" },
        timeouts: { type: "timeouts", doc: "How long create, update and delete wait.", change: "local" },
    },
    outputs: {
        imageId: { type: "string", doc: "The ENS image id (m-...)." },
        imageState: {
            type: "string",
            doc: "Creating, Packing, Uploading, Copying, Available, Pack_failed, Upload_failed or Unavailable, as DescribeSelfImages reports it; Unlisted while ENS has the image but its listing does not show it yet.",
        },
        imageStatus: { type: "string", doc: "Deprecated: the same as imageState, which replaces it (this name goes in the next release).", aliasOf: "imageState" },
        imageSize: { type: "integer", doc: "Size in GiB, as ENS reports it." },
        createdTime: { type: "string", doc: 'When ENS created the image, in UTC ("2017-12-08T12:10:03Z").' },
        regionId: { type: "string", doc: "The region ENS keeps the image in: targetOssRegionId, else the source's OSS region." },
    },
    rules: [
        {
            property: "ossObject",
            doc: "One of `ossObject` and `diskDeviceMappings` is required.",
            // A list given empty has its own failure, on diskDeviceMappings.
            check: (all) => (given(all.ossObject) || Array.isArray(all.diskDeviceMappings) ? undefined : "is required, or diskDeviceMappings: the image file in OSS ({ bucket, object, region })"),
        },
    ],
} as const satisfies ResourceSchema;
