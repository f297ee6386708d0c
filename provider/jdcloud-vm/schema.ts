import type { ResourceSchema, Unchecked } from "../core/schema";

/** JD Cloud region ids, such as cn-north-1 or cn-east-2. */
const JD_REGION = { re: /^[a-z]{2}-[a-z]+-\d+$/, rule: "must be a JD Cloud region such as cn-north-1" };

/**
 * JD OSS object hosts, each naming its region: `<bucket>.s3.<region>.jdcloud-oss.com` (and the
 * `s3-internal` download address of the same region), the path-style `s3[-internal].<region>.jdcloud-oss.com/<bucket>/<key>`,
 * and the older `<bucket>.oss.<region>.jcloudcs.com`.
 */
const OSS_HOST = /^(?:([a-z0-9][a-z0-9.-]*)\.)?(?:s3(?:-internal)?\.([a-z0-9-]+)\.jdcloud-oss\.com|oss\.([a-z0-9-]+)\.jcloudcs\.com)$/;
const OSS_RULE = "must be a JD Cloud OSS object URL such as https://<bucket>.s3-internal.<region>.jdcloud-oss.com/<key>";

/**
 * The image imports from OSS in its own region; JD refuses any other (CONFLICT "OssRegion ... not match
 * current region"). A path-style URL names the bucket in its path, so it needs a key after it.
 */
function ossRules(url: unknown, all: Unchecked): string | undefined {
    let u: URL;
    try {
        u = new URL(String(url));
    } catch {
        // The URL's shape is reported by the url rule.
        return undefined;
    }
    const m = OSS_HOST.exec(u.hostname.toLowerCase());
    if (!m) return undefined;
    if (!m[1] && u.pathname.split("/").filter(Boolean).length < 2) return "must name a bucket and an object (path style: /<bucket>/<key>)";
    const ossRegion = m[2] ?? m[3];
    // An invalid region is reported on the region itself.
    if (typeof all.region === "string" && JD_REGION.re.test(all.region) && ossRegion !== all.region) return `is in the OSS region ${ossRegion}, but the image's region is ${all.region}`;
    return undefined;
}

/**
 * JD Cloud VM importImage's parameters (https://docs.jdcloud.com/en/virtual-machines/api/importimage, names
 * and descriptions per https://docs.jdcloud.com/virtual-machines/api/general_parameters) and what
 * describeImages reports. Only the description can change in place (modifyImageAttribute takes it as
 * `description`, describeImages reports it as `desc`); the name could too, but this package's contract makes
 * name, source and OS version identify the image, and JD can change nothing else, so everything else replaces.
 * JD names need not be unique, so a replacement never has to delete first.
 */
export const JD_VM_SCHEMA = {
    imageId: { re: /^img-[0-9a-z]{10}$/, rule: "must be an image id of JD Cloud: img- and 10 lowercase letters or digits, such as img-m5s0abcd29" },
    inputs: {
        region: {
            type: "string",
            doc: 'Region of the image, e.g. "cn-north-1".',
            required: true,
            fallback: { config: "jdcloud:region", env: ["JDCLOUD_REGION"] },
            pattern: JD_REGION,
            change: "replace",
        },
        imageName: {
            type: "string",
            doc: "Image name; JD does not require it to be unique. While the image imports it is named by this resource's mark (pulumi-import-...), and renamed to this once the create has recorded it.",
            required: true,
            maxLength: 32,
            pattern: { re: /^[\u4e00-\u9fa5A-Za-z0-9_-]*$/, rule: "must hold only letters, digits, Chinese characters, '_' or '-'" },
            change: "replace",
            // JD's names are not unique and its listings show no clientToken: a marked name proves an image ours.
            markedDuringImport: true,
            apiName: "name",
        },
        imageUrl: {
            type: "string",
            doc: "OSS URL of the disk image (its internal download address), in the image's region.",
            required: true,
            url: { host: OSS_HOST, rule: OSS_RULE },
            check: ossRules,
            change: "replace",
            secret: "presigned-url",
        },
        architecture: { type: "string", doc: "CPU architecture of the image.", required: true, oneOf: ["x86_64", "arm64"], change: "replace" },
        osType: { type: "string", doc: "OS type of the image.", required: true, oneOf: ["windows", "linux"], change: "replace" },
        platform: {
            type: "string",
            doc: "OS platform of the image.",
            required: true,
            oneOf: ["Ubuntu", "CentOS", "Windows Server", "OpenEuler", "Rocky Linux", "Other Linux", "Other Windows"],
            change: "replace",
        },
        diskFormat: { type: "string", doc: "Format of the disk image file.", required: true, oneOf: ["qcow2", "vhd", "vmdk", "raw"], change: "replace" },
        systemDiskSizeGB: {
            type: "integer",
            doc: "Default system disk size of instances made from the image, in GB.",
            required: true,
            min: 40,
            max: 500,
            multipleOf: 10,
            change: "replace",
        },
        osVersion: { type: "string", doc: 'OS version, e.g. "7.6".', change: "replace" },
        description: { type: "string", doc: "The image's description (JD reports it as `desc`).", maxLength: 256, change: "update", apiName: "description" },
        forceImport: { type: "boolean", doc: "Import without JD's compliance checks of the image.", change: "replace", default: false },
        timeouts: { type: "timeouts", doc: "How long create, update and delete wait.", change: "local" },
    },
    outputs: {
        imageId: { type: "string", doc: "The image id (img-...)." },
        imageState: { type: "string", doc: "pending, ready, error or deleting, as the cloud reports it." },
        imageStatus: { type: "string", doc: "Deprecated: the same as imageState, which replaces it (this name goes in the next release).", aliasOf: "imageState" },
        taskId: { type: "string", doc: "The import task's id (imageTasks), where this resource made the import." },
        progress: { type: "integer", doc: "The import's progress in percent, as its task reports it." },
        imageSizeMB: { type: "integer", doc: "Size in MB once imported (0 before)." },
        createdTime: { type: "string", doc: 'When the cloud created the image, as JD writes it ("2021-01-28 16:49:05").' },
        snapshotId: { type: "string", doc: "The snapshot the import made for the system disk, once the import has finished; deleted with the image." },
    },
} as const satisfies ResourceSchema;
