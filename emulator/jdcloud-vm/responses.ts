import { planImport } from "../core/lifecycle";
import type { CloudContext, ParsedCall } from "../core/types";
import { invalidArgument, ossRegionMismatch, outOfRange } from "./errors";
import { JdVmModel, type JdImage } from "./models";
import { ossRegionOf } from "./oss";
import { page, type JdParams } from "./params";
import { parseTime, renderImage, renderImportResult, renderTask, taskShape } from "./shapes";

/** An action sees typed params and the store; it returns the `result` object, or undefined for none. */
export type JdAction = (p: JdParams, call: ParsedCall, ctx: CloudContext) => unknown;

const ARCHITECTURES = ["x86_64", "arm64"];
const OS_TYPES = ["windows", "linux"];
/** importImage's platform values as JD's API page lists them (https://docs.jdcloud.com/en/virtual-machines/api/importimage). */
const PLATFORMS = ["Ubuntu", "CentOS", "Windows Server", "OpenEuler", "Rocky Linux", "Other Linux", "Other Windows"];
const DISK_FORMATS = ["qcow2", "vhd", "vmdk", "raw"];
const IMAGE_SOURCES = ["public", "thirdparty", "private", "shared", "community"];
const IMAGE_STATUSES = ["pending", "ready", "deleting", "error"];
const ROOT_DEVICE_TYPES = ["localDisk", "cloudDisk"];
const LAUNCH_PERMISSIONS = ["all", "specifiedUsers", "ownerOnly"];
const TASK_ACTIONS = ["ImportImage", "ExportImage"];
const TASK_STATUSES = ["pending", "running", "failed", "finished"];
const QUOTA_TYPES = ["instance", "instance_cpu", "instance_memory", "instance_local_disk", "keypair", "image", "instanceTemplate", "imageShare"];

/** JD's general parameter rules: names are Chinese, letters, digits, `_` and `-`, at most 32 characters. */
const NAME = /^[\u4e00-\u9fa5A-Za-z0-9_-]{1,32}$/;

function name(p: JdParams, key: string, required: boolean): string | undefined {
    const v = p.str(key, { required });
    if (v !== undefined && !NAME.test(v)) {
        throw invalidArgument(`Parameter ${key} must be 1-32 characters of Chinese, letters, digits, '_' or '-'`);
    }
    return v;
}

const description = (p: JdParams) => p.str("description", { max: 256 });

/** describeImages: 20 by default, [10, 100], in every version of its documentation. */
const IMAGE_PAGE = { defaultSize: 20, min: 10, max: 100 };
/**
 * imageTasks was documented with [10, 100] (default 20; still the SDK's jsdoc) and later with [1, 10]
 * (default 10), so 10 is the only size every version accepts. The emulator holds to the later, narrower
 * range: a client asking for 20 or 100, or counting on a default of 20, is told here and not by the cloud.
 */
const TASK_PAGE = { defaultSize: 10, min: 1, max: 10 };

const importImage: JdAction = (p, call, ctx) => {
    const architecture = p.str("architecture", { required: true, oneOf: ARCHITECTURES })!;
    const osType = p.str("osType", { required: true, oneOf: OS_TYPES })!;
    const platform = p.str("platform", { required: true, oneOf: PLATFORMS })!;
    const diskFormat = p.str("diskFormat", { required: true, oneOf: DISK_FORMATS })!;
    const systemDiskSizeGB = p.int("systemDiskSizeGB", { required: true })!;
    const imageUrl = p.str("imageUrl", { required: true })!;
    const osVersion = p.str("osVersion") ?? "";
    const imageName = name(p, "imageName", true)!;
    const desc = description(p) ?? "";
    const forceImport = p.bool("forceImport") ?? false;
    const clientToken = p.str("clientToken", { max: 64 });
    if (systemDiskSizeGB < 40 || systemDiskSizeGB > 500) throw outOfRange("SystemDiskSizeGB must be in range [40, 500]");
    if (systemDiskSizeGB % 10 !== 0) throw outOfRange("SystemDiskSizeGB must be multiple of 10");
    const ossRegion = ossRegionOf(imageUrl);
    if (ossRegion !== call.region) throw ossRegionMismatch(ossRegion, call.region);

    const shape = taskShape(ctx);
    const m = new JdVmModel(ctx);
    // Same token, same answer: the first call's image and task, and no second import.
    const earlier = clientToken === undefined ? undefined : m.byClientToken(call.account, call.region, clientToken);
    if (earlier) return renderImportResult(shape, earlier);
    const fields: Omit<JdImage, "id" | "snapshotId" | "taskId" | "createdAt"> = {
        account: call.account,
        region: call.region,
        name: imageName,
        description: desc,
        platform,
        osType,
        osVersion,
        architecture,
        diskFormat,
        systemDiskSizeGB,
        imageUrl,
        forceImport,
    };
    return renderImportResult(shape, m.startImport(fields, planImport(ctx.options, imageUrl, ctx.clock.importNow()), clientToken));
};

function timeParam(p: JdParams, key: string): number | undefined {
    const v = p.str(key);
    if (v === undefined || v === "") return undefined;
    const ms = parseTime(v);
    if (ms === undefined) throw invalidArgument(`Parameter ${key} must be a time like '2020-07-02 17:34:44'`);
    return ms;
}

const imageTasks: JdAction = (p, call, ctx) => {
    // The SDK marks taskAction optional, JD's API document marks it required.
    const taskAction = p.str("taskAction", { required: true, oneOf: TASK_ACTIONS })!;
    const taskStatus = p.str("taskStatus", { oneOf: TASK_STATUSES });
    const startTime = timeParam(p, "startTime");
    const endTime = timeParam(p, "endTime");
    const taskIds = p.list("taskIds");
    const paging = p.paging(TASK_PAGE);
    const shape = taskShape(ctx);
    const m = new JdVmModel(ctx);
    // Compared at the whole seconds the times are shown in, so a task's own createdTime selects it.
    const second = (ms: number) => Math.floor(ms / 1000) * 1000;
    const matched = m
        .tasks(call.account, call.region)
        .filter((t) => t.action === taskAction)
        .filter((t) => !taskIds || taskIds.includes(t.id))
        .filter((t) => startTime === undefined || second(t.createdAt) >= startTime)
        .filter((t) => endTime === undefined || second(t.createdAt) <= endTime)
        .filter((t) => !taskStatus || m.taskProgress(t).status === taskStatus);
    return { taskSet: page(matched, paging).map((t) => renderTask(m, t, shape)), totalCount: matched.length };
};

const describeImage: JdAction = (p, call, ctx) => {
    const m = new JdVmModel(ctx);
    return { image: renderImage(m, m.get(call.account, call.region, p.str("imageId", { required: true })!)) };
};

const describeImages: JdAction = (p, call, ctx) => {
    const ids = p.list("ids");
    if (ids && ids.length > 100) throw outOfRange("Parameter ids must not list more than 100 images");
    const imageSource = p.str("imageSource", { required: !ids, oneOf: IMAGE_SOURCES });
    p.bool("offline");
    const platform = p.str("platform");
    const imageName = p.str("imageName");
    const rootDeviceType = p.str("rootDeviceType", { oneOf: ROOT_DEVICE_TYPES });
    const launchPermission = p.str("launchPermission", { oneOf: LAUNCH_PERMISSIONS });
    const status = p.str("status", { oneOf: IMAGE_STATUSES });
    const architecture = p.str("architecture", { oneOf: ARCHITECTURES });
    const paging = p.paging(IMAGE_PAGE);
    const m = new JdVmModel(ctx);
    // With ids this is a lookup; without, a listing, which lags. The emulator holds only the
    // caller's private images: other sources list nothing.
    const matched = m
        .query(call.account, call.region, ids)
        .filter(() => imageSource === undefined || imageSource === "private")
        .filter((i) => !platform || i.platform === platform)
        .filter((i) => !imageName || i.name.toLowerCase().includes(imageName.toLowerCase()))
        .filter(() => !rootDeviceType || rootDeviceType === "cloudDisk")
        .filter(() => !launchPermission || launchPermission === "ownerOnly")
        .filter((i) => !status || m.imageStatus(i) === status)
        .filter((i) => !architecture || i.architecture === architecture);
    return { images: page(matched, paging).map((i) => renderImage(m, i)), totalCount: matched.length };
};

const modifyImageAttribute: JdAction = (p, call, ctx) => {
    const newName = name(p, "name", false);
    const newDescription = description(p);
    if (newName === undefined && newDescription === undefined) throw invalidArgument("Parameter name、description missing");
    const m = new JdVmModel(ctx);
    const img = m.get(call.account, call.region, p.str("imageId", { required: true })!);
    m.assertSettled(img);
    if (newName !== undefined) img.name = newName;
    if (newDescription !== undefined) img.description = newDescription;
    return undefined;
};

const deleteImage: JdAction = (p, call, ctx) => {
    // The documented default keeps the import's snapshot.
    const deleteSnapshot = p.bool("deleteSnapshot") ?? false;
    const m = new JdVmModel(ctx);
    m.startDeletion(m.get(call.account, call.region, p.str("imageId", { required: true })!), deleteSnapshot);
    return undefined;
};

const describeQuotas: JdAction = (p, call, ctx) => {
    let types: string[] | undefined;
    for (const f of p.filters()) {
        if (f.name !== "resourceTypes") throw invalidArgument(`Filter ${f.name} is not supported`);
        for (const v of f.values) if (!QUOTA_TYPES.includes(v)) throw invalidArgument(`Resource type ${v} is not supported`);
        types = [...(types ?? []), ...f.values];
    }
    if (types?.includes("imageShare") && !p.str("imageId")) throw invalidArgument("Parameter imageId is required for resource type imageShare");
    // Only the image quota is modelled; other resource types are accepted and left out.
    if (types && !types.includes("image")) return { quotas: [] };
    const used = new JdVmModel(ctx).list(call.account, call.region).length;
    return { quotas: [{ resourceType: "image", limit: ctx.options.imageQuota, used }] };
};

export const JD_VM_ACTIONS: Record<string, JdAction> = {
    importImage,
    imageTasks,
    describeImage,
    describeImages,
    modifyImageAttribute,
    deleteImage,
    describeQuotas,
};

/**
 * [INF] JD documents no per-API QPS (only that dense calls "may trigger gateway throttling"), so
 * every action gets this default, per account and action; override per action with
 * `rateLimitOverrides["jdcloud-vm:<action>"]`.
 */
export const JD_DEFAULT_RATE_LIMIT = 20;
