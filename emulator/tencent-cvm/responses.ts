import { planImport } from "../core/lifecycle";
import type { CloudContext, ParsedCall } from "../core/types";
import { invalidParameter, tcError } from "../tencent/errors";
import { readFilters, TcParams } from "../tencent/params";
import type { TencentAction } from "../tencent/product";
import { imageMalformed, osTypeUnsupported, osVersionUnsupported, regionNotFound, urlError } from "./errors";
import { CvmModel, type CvmSnapshot, IMAGE_ID, type CvmImage } from "./models";
import { CVM_REGIONS, IMPORT_OS_LIST, IMPORT_OS_VERSIONS } from "./os-table";

const LICENSE_TYPES = ["TencentCloud", "BYOL"];
const BOOT_MODES = ["Legacy BIOS", "UEFI"];
const FAMILY = /^[A-Za-z][A-Za-z0-9._-]{0,59}$/;

/** Every action runs in a region that CVM knows. */
function model(call: ParsedCall, ctx: CloudContext): CvmModel {
    if (!CVM_REGIONS.includes(call.region)) throw regionNotFound(call.region);
    return new CvmModel(ctx);
}

/** Imports read from COS only (CVM ImportImage docs): `<bucket>-<appid>.cos.<region>.myqcloud.com` and its variants. */
const COS_HOST = /^[a-z0-9-]+\.cos(-internal|-website)?\.[a-z0-9-]+\.(myqcloud\.com|tencentcos\.cn)$/;

function checkUrl(url: string): void {
    let u: URL;
    try {
        u = new URL(url);
    } catch {
        throw urlError(url);
    }
    if (!["http:", "https:"].includes(u.protocol) || !COS_HOST.test(u.hostname) || u.pathname.length <= 1) throw urlError(url);
}

function render(m: CvmModel, img: CvmImage) {
    const state = m.stateOf(img);
    return {
        ImageId: img.id,
        OsName: `${img.osType} ${img.osVersion} ${img.architecture === "i386" ? "32" : "64"}位`,
        ImageType: "PRIVATE_IMAGE",
        CreatedTime: new Date(img.createdAt).toISOString().replace(/\.\d{3}Z$/, "+00:00"),
        ImageName: img.name,
        ImageDescription: img.description,
        ImageSize: state === "NORMAL" ? 20 : 0,
        Architecture: img.architecture === "arm_64" ? "arm" : img.architecture,
        ImageState: state,
        Platform: img.osType,
        ImageCreator: img.account,
        ImageSource: "EXTERNAL_IMPORT",
        SyncPercent: m.progressOf(img),
        IsSupportCloudinit: true,
        SnapshotSet: m.snapshotsOf(img.id).map((s) => ({ SnapshotId: s.id, DiskUsage: s.diskUsage, DiskSize: s.diskSize })),
        Tags: img.tags,
        LicenseType: img.licenseType,
        ImageFamily: img.family,
        ImageDeprecated: img.deprecated,
    };
}

const ImportImage: TencentAction = (raw, call, ctx) => {
    const m = model(call, ctx);
    const p = new TcParams(raw);
    const architecture = p.str("Architecture", { required: true })!;
    const osType = p.str("OsType", { required: true })!;
    const osVersion = p.str("OsVersion", { required: true })!;
    const imageUrl = p.str("ImageUrl", { required: true })!;
    const name = p.str("ImageName", { required: true, max: 60 })!;
    const description = p.str("ImageDescription", { max: 256 }) ?? "";
    const dryRun = p.bool("DryRun") ?? false;
    const force = p.bool("Force") ?? false;
    const licenseType = p.str("LicenseType") ?? "TencentCloud";
    const bootMode = p.str("BootMode") ?? "Legacy BIOS";
    const family = p.str("ImageFamily") ?? "";

    const supported = [...IMPORT_OS_LIST.Linux, ...IMPORT_OS_LIST.Windows];
    if (!supported.includes(osType)) throw osTypeUnsupported(osType);
    const row = IMPORT_OS_VERSIONS.find((r) => r.OsName === osType);
    if (!row || !row.OsVersions.includes(osVersion)) throw osVersionUnsupported(osType, osVersion);
    if (!row.Architecture.includes(architecture)) {
        throw tcError("InvalidParameterValue", `The Architecture \`${architecture}\` is not supported for ${osType}.`);
    }
    checkUrl(imageUrl);
    if (/\.iso$/i.test(new URL(imageUrl).pathname) && !force) {
        throw tcError("InvalidParameterValue.ISOMustImportByForce", "ISO images must be imported with Force.");
    }
    if (!LICENSE_TYPES.includes(licenseType)) throw tcError("InvalidParameterValue.InvalidLicenseType", `The LicenseType \`${licenseType}\` is invalid.`);
    if (!BOOT_MODES.includes(bootMode)) throw tcError("InvalidParameterValue.InvalidBootMode", `The BootMode \`${bootMode}\` is invalid.`);
    if (family && !FAMILY.test(family)) throw tcError("InvalidParameterValue.InvalidImageFamily", `The ImageFamily \`${family}\` is invalid.`);

    const dataDiskUrls = (p.array<{ ImageUrl?: unknown }>("ImportImageDataDiskList") ?? []).map((d) => {
        if (typeof d?.ImageUrl !== "string") throw invalidParameter("ImportImageDataDiskList", "each entry needs ImageUrl");
        checkUrl(d.ImageUrl);
        return d.ImageUrl;
    });
    const tags: { Key: string; Value: string }[] = [];
    for (const spec of p.array<{ ResourceType?: string; Tags?: { Key: string; Value: string }[] }>("TagSpecification") ?? []) {
        if (spec.ResourceType !== "image") throw invalidParameter("TagSpecification.ResourceType", "must be `image`");
        for (const t of spec.Tags ?? []) {
            if (typeof t?.Key !== "string" || typeof t?.Value !== "string" || !t.Key) throw invalidParameter("TagSpecification.Tags", "each tag needs Key and Value");
            tags.push({ Key: t.Key, Value: t.Value });
        }
    }

    m.assertNameFree(call.account, call.region, name);
    if (dryRun) throw tcError("DryRunOperation", "The request would have succeeded, but DryRun was set.");
    const img = m.create({
        account: call.account,
        region: call.region,
        name,
        description,
        osType,
        osVersion,
        architecture,
        imageUrl,
        dataDiskUrls,
        licenseType,
        bootMode,
        family,
        deprecated: false,
        tags,
        plan: planImport(ctx.options, imageUrl, ctx.clock.importNow()),
    });
    return { ImageId: img.id };
};

const FILTERS: Record<string, (img: CvmImage, value: string, m: CvmModel) => boolean> = {
    "image-id": (i, v) => i.id === v,
    "image-type": (_i, v) => v === "PRIVATE_IMAGE",
    "image-name": (i, v) => i.name.includes(v),
    platform: (i, v) => i.osType.toLowerCase().includes(v.toLowerCase()),
    "tag-key": (i, v) => i.tags.some((t) => t.Key === v),
    "tag-value": (i, v) => i.tags.some((t) => t.Value === v),
    // Documented, but no imported image belongs to a dedicated cluster or a CDC cache.
    "dedicated-cluster-id": () => false,
    "cdc-cache-status": () => false,
};

function filterFor(name: string): ((img: CvmImage, value: string, m: CvmModel) => boolean) | undefined {
    if (name.startsWith("tag:")) return (i, v) => i.tags.some((t) => t.Key === name.slice(4) && t.Value === v);
    return FILTERS[name];
}

const DescribeImages: TencentAction = (raw, call, ctx) => {
    const m = model(call, ctx);
    const p = new TcParams(raw);
    const ids = p.strings("ImageIds");
    if (ids && p.has("Filters")) {
        throw tcError("InvalidParameter.InvalidParameterCoexistImageIdsFilters", "ImageIds and Filters cannot be specified at the same time.");
    }
    const filters = readFilters(p, { filters: 10, values: 5, code: "InvalidFilterValue.LimitExceeded" });
    for (const f of filters) if (!filterFor(f.Name)) throw tcError("InvalidFilter", `The filter \`${f.Name}\` is not supported.`);
    if (ids && ids.length > 100) throw tcError("InvalidParameterValue.LimitExceeded", "At most 100 ImageIds are allowed.");
    for (const id of ids ?? []) if (!IMAGE_ID.test(id)) throw imageMalformed(id);
    const offset = p.int("Offset", { min: 0 }) ?? 0;
    const limit = p.int("Limit", { min: 0, max: 100, code: "InvalidParameterValue.InvalidParameterValueLimit" }) ?? 20;

    // ImageIds is the lookup by id; Filters, even image-id, query the listing, which lags.
    const matched = m.query(call.account, call.region, ids).filter((img) => filters.every((f) => f.Values.some((v) => filterFor(f.Name)!(img, v, m))));
    return { TotalCount: matched.length, ImageSet: matched.slice(offset, offset + limit).map((i) => render(m, i)) };
};

const ModifyImageAttribute: TencentAction = (raw, call, ctx) => {
    const m = model(call, ctx);
    const p = new TcParams(raw);
    const img = m.get(call.account, call.region, p.str("ImageId", { required: true })!);
    const name = p.str("ImageName", { max: 60 });
    const description = p.str("ImageDescription", { max: 256 });
    const family = p.str("ImageFamily");
    const deprecated = p.bool("ImageDeprecated");
    if (family && !FAMILY.test(family)) throw tcError("InvalidParameterValue.InvalidImageFamily", `The ImageFamily \`${family}\` is invalid.`);
    m.assertSettled(img);
    if (name !== undefined) {
        if (!name) throw invalidParameter("ImageName", "must not be empty");
        m.assertNameFree(call.account, call.region, name, img.id);
        img.name = name;
    }
    if (description !== undefined) img.description = description;
    if (family !== undefined) img.family = family;
    if (deprecated !== undefined) img.deprecated = deprecated;
    return {};
};

const DeleteImages: TencentAction = (raw, call, ctx) => {
    const m = model(call, ctx);
    const p = new TcParams(raw);
    const ids = p.strings("ImageIds", { required: true })!;
    if (ids.length > 100) throw tcError("InvalidParameterValue.LimitExceeded", "At most 100 ImageIds are allowed.");
    const withSnapshots = p.bool("DeleteBindedSnap") ?? false;
    // All or nothing: every image is checked before any is removed.
    const images = ids.map((id) => m.get(call.account, call.region, id));
    for (const img of images) m.assertSettled(img);
    if (p.bool("DryRun")) throw tcError("DryRunOperation", "The request would have succeeded, but DryRun was set.");
    m.remove(ids, withSnapshots);
    return {};
};

const DescribeImportImageOs: TencentAction = (_raw, call, ctx) => {
    model(call, ctx);
    return { ImportImageOsListSupported: IMPORT_OS_LIST, ImportImageOsVersionSet: IMPORT_OS_VERSIONS };
};

const DescribeImageQuota: TencentAction = (_raw, call, ctx) => {
    model(call, ctx);
    return { ImageNumQuota: ctx.options.imageQuota };
};

export const CVM_ACTIONS: Record<string, TencentAction> = {
    ImportImage,
    DescribeImages,
    ModifyImageAttribute,
    DeleteImages,
    DescribeImportImageOs,
    DescribeImageQuota,
};

/** Request parameters per action (CVM API pages; tencentcloud-sdk-nodejs-cvm's cvm_models). */
export const CVM_PARAMETERS: Record<string, readonly string[]> = {
    ImportImage: [
        "Architecture", "OsType", "OsVersion", "ImageUrl", "ImageName", "ImageDescription", "DryRun", "Force",
        "TagSpecification", "LicenseType", "BootMode", "ImageFamily", "ImportImageDataDiskList",
    ],
    DescribeImages: ["ImageIds", "Filters", "Offset", "Limit", "InstanceType"],
    ModifyImageAttribute: ["ImageId", "ImageName", "ImageDescription", "ImageFamily", "ImageDeprecated"],
    DeleteImages: ["ImageIds", "DeleteBindedSnap", "DryRun"],
    DescribeImportImageOs: [],
    DescribeImageQuota: [],
};

/** Documented per-action limits, requests per second (Tencent Cloud CVM API docs). */
export const CVM_RATE_LIMITS: Record<string, number> = {
    ImportImage: 10,
    DescribeImages: 40,
    ModifyImageAttribute: 10,
    DeleteImages: 10,
    DescribeImportImageOs: 288,
    DescribeImageQuota: 10,
};

export function cvmSnapshot(ctx: CloudContext) {
    const m = new CvmModel(ctx);
    const bucket = ctx.store.bucket<{ images: Record<string, CvmImage>; snapshots?: Record<string, CvmSnapshot> }>("tencent-cvm", () => ({ images: {}, snapshots: {} }));
    return { images: Object.values(bucket.images).map((i) => ({ ...i, state: m.stateOf(i) })), snapshots: Object.values(bucket.snapshots ?? {}) };
}
