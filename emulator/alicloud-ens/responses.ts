import { planImport } from "../core/lifecycle";
import type { CloudContext, ParsedCall } from "../core/types";
import { notFoundAnswer } from "./errors";
import {
    ARCHITECTURES,
    checkImageName,
    COMPUTE_TYPES,
    IMAGE_FORMATS,
    importSources,
    OS_TYPES,
    PLATFORMS,
    TARGET_OSS_REGIONS,
} from "./import-rules";
import { EnsModel, type EnsImage } from "./models";
import { EnsParams } from "./params";
import { failureOf } from "./status";

export type EnsAction = (params: EnsParams, call: ParsedCall, ctx: CloudContext) => object;

/** Reported sizes: the documented example values; the emulator does not read the image file. */
const IMAGE_SIZE_GIB = "20";
const IMAGE_STORAGE_SIZE = "400";
/** DescribeSelfImages / DescribeImages: "default 10, max 50". */
const PAGE = { size: 10, maxSize: 50 };

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The item shape DescribeSelfImages and DescribeImages share; note the lower-case `imageId` inside a mapping. */
function diskMappings(img: EnsImage) {
    return {
        DiskDeviceMapping: img.disks.map((_d, i) => ({
            Format: img.imageFormat,
            Size: IMAGE_SIZE_GIB,
            Type: i === 0 ? "System" : "Data",
            imageId: img.id,
        })),
    };
}

/**
 * What DescribeSelfImages and DescribeImages select: the images of `pool` that `keep` accepts and
 * whose name contains ImageName (fuzzy in both), none when a SnapshotId is given (imported images are
 * not made from a snapshot), and the requested page of them.
 */
function selectImages(p: EnsParams, pool: EnsImage[], keep: (i: EnsImage) => boolean) {
    const name = p.str("ImageName");
    const snapshot = p.str("SnapshotId");
    const page = { number: p.int("PageNumber", 1, 1, Number.MAX_SAFE_INTEGER), size: p.int("PageSize", PAGE.size, 1, PAGE.maxSize) };
    const matched = pool.filter((i) => keep(i) && (name === undefined || i.name.includes(name)) && snapshot === undefined);
    return { page, total: matched.length, onPage: matched.slice((page.number - 1) * page.size, page.number * page.size) };
}

const ImportImage: EnsAction = (p, call, ctx) => {
    const name = p.str("ImageName", { required: true })!;
    const computeType = p.oneOf("ComputeType", COMPUTE_TYPES, { required: true })!;
    const architecture = p.oneOf("Architecture", ARCHITECTURES, { required: true })!;
    const osType = p.oneOf("OSType", OS_TYPES, { required: true })!;
    const imageFormat = p.oneOf("ImageFormat", IMAGE_FORMATS, { required: true })!;
    checkImageName(name);
    const platform = p.oneOf("Platform", PLATFORMS) ?? "";
    const target = p.oneOf("TargetOSSRegionId", TARGET_OSS_REGIONS);
    const disks = importSources(p);
    // The failure convention looks at the object keys of every disk.
    const keys = disks.map((d) => d.object).join("\n");
    const img = new EnsModel(ctx).create({
        account: call.account,
        name,
        computeType,
        architecture,
        osType,
        imageFormat,
        platform,
        osVersion: p.str("OSVersion") ?? "",
        licenseType: p.str("LicenseType") ?? "",
        regionId: target ?? disks[0].region,
        disks,
        plan: planImport(ctx.options, keys, ctx.clock.importNow()),
        failure: failureOf(keys, ctx.options.failureMarker),
    });
    // ENS's ImportImage answer has no Code field (ENS ImportImage docs).
    return { ImageId: img.id };
};

const DescribeSelfImages: EnsAction = (p, call, ctx) => {
    const m = new EnsModel(ctx);
    // ImageId and ImageName are fuzzy: a substring selects (ENS DescribeSelfImages docs), so a client must
    // pick the exact id out of what comes back. Even a query by ImageId is a listing, and lags: new
    // images, renames and deletes show late.
    const id = p.str("ImageId");
    const { page, total, onPage } = selectImages(p, m.query(call.account), (i) => id === undefined || i.id.includes(id));
    const Image = onPage.map((i) => ({
        ImageId: i.id,
        ImageName: i.name,
        Status: m.statusOf(i),
        Architecture: i.architecture,
        ComputeType: i.computeType,
        CreationTime: isoSeconds(i.createdAt),
        ImageOwnerAlias: "self",
        ImageSize: IMAGE_SIZE_GIB,
        ImageStorageSize: IMAGE_STORAGE_SIZE,
        InstanceId: "",
        OsVersion: i.osVersion,
        Platform: i.platform,
        RegionId: i.regionId,
        SnapshotId: "",
        DiskDeviceMappings: diskMappings(i),
    }));
    // This action's numbers are strings on the wire (ENS DescribeSelfImages docs).
    return {
        Code: 0,
        PageNumber: String(page.number),
        PageSize: String(page.size),
        TotalCount: String(total),
        Images: { Image },
    };
};

const DescribeImages: EnsAction = (p, call, ctx) => {
    const m = new EnsModel(ctx);
    const region = p.str("EnsRegionId");
    const id = p.str("ImageId");
    // ImageId here is one exact id: a lookup; without it, a listing, which lags.
    const pool = m.query(call.account, id === undefined ? undefined : [id]);
    const { page, total, onPage } = selectImages(p, pool, (i) => region === undefined || i.regionId === region);
    // No Status here: DescribeImages does not report one (ENS DescribeImages docs).
    const Image = onPage.map((i) => ({
        ImageId: i.id,
        ImageName: i.name,
        Architecture: i.architecture,
        CreationTime: isoSeconds(i.createdAt),
        ImageOwnerAlias: "self",
        ImageSize: IMAGE_SIZE_GIB,
        Platform: i.platform,
        RegionId: i.regionId,
        SnapshotId: "",
        DiskDeviceMappings: diskMappings(i),
    }));
    // Unlike DescribeSelfImages, these numbers are integers.
    return { Code: 0, PageNumber: page.number, PageSize: page.size, TotalCount: total, Images: { Image } };
};

/**
 * The image a write call names, or undefined when the account has none and `ensNotFound` makes that
 * a silent success. Which answer comes is not to be trusted by a client: gone is what
 * DescribeSelfImages no longer lists.
 */
function target(m: EnsModel, call: ParsedCall, ctx: CloudContext, action: "DeleteImage" | "ModifyImageAttribute", id: string): EnsImage | undefined {
    const img = m.find(call.account, id);
    if (img) return img;
    const answer = notFoundAnswer(ctx.options.ensNotFound, action);
    if (answer) throw answer;
    return undefined;
}

const ModifyImageAttribute: EnsAction = (p, call, ctx) => {
    const m = new EnsModel(ctx);
    const id = p.str("ImageId", { required: true })!;
    const name = p.str("ImageName", { required: true })!;
    checkImageName(name);
    const img = target(m, call, ctx, "ModifyImageAttribute", id);
    if (img) {
        m.assertAvailable(img);
        m.rename(img, name);
    }
    return { Code: 0 };
};

const DeleteImage: EnsAction = (p, call, ctx) => {
    const m = new EnsModel(ctx);
    const img = target(m, call, ctx, "DeleteImage", p.str("ImageId", { required: true })!);
    if (img) {
        m.assertNotBusy(img);
        m.remove(img);
    }
    return { Code: 0 };
};

export const ENS_ACTIONS: Record<string, EnsAction> = {
    ImportImage,
    DescribeSelfImages,
    DescribeImages,
    ModifyImageAttribute,
    DeleteImage,
};

/**
 * Requests per second per account and action. ENS's quota page lists per-API limits, but not the
 * values for these actions, so this default is the emulator's choice [INF].
 * `rateLimitOverrides["alicloud-ens:*"]` changes it for every action, `"alicloud-ens:<Action>"` for one.
 */
export const DEFAULT_QPS = 10;
