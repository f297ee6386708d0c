import { planImport } from "../core/lifecycle";
import type { CloudContext } from "../core/types";
import { missingParameter, tcError } from "../tencent/errors";
import { readFilters, TcParams, type Filter } from "../tencent/params";
import type { TencentAction } from "../tencent/product";
import { IMPORT_OS_LIST, IMPORT_OS_VERSIONS } from "../tencent-cvm/os-table";
import { cvmOsName, cvmSourceImage, isCvmImageId } from "./cvm-source";
import {
    imageInUse,
    imageNotFound,
    invalidFilter,
    invalidImageId,
    missingImageParameter,
    operationNotAllowed,
    tooLarge,
    withDataFormatErrors,
} from "./errors";
import { EcmModel, IMAGE_ID, type EcmImage } from "./models";

/** ECM's limits (ECM ModifyImageAttribute docs), tighter than CVM's 60/256. */
const NAME_MAX = 20;
const DESCRIPTION_MAX = 60;
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** ECM reports times as Beijing wall-clock `YYYY-MM-DD hh:mm:ss`, not ISO-8601 like CVM. */
function ecmTime(ms: number): string {
    return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** A required string, where ECM's image actions answer MissingParameter.MissingImageParameter. */
function requiredImageParam(p: TcParams, name: string, max?: number): string {
    if (!p.has(name)) throw missingImageParameter(name);
    const v = p.str(name, { max, tooLargeCode: "InvalidParameterValue.ParameterValueTooLarge" })!;
    if (v === "") throw missingImageParameter(name);
    return v;
}

function render(m: EcmModel, img: EcmImage, filled: boolean) {
    const state = m.stateOf(img);
    const owner = Number(img.account);
    return {
        ImageId: img.id,
        ImageName: img.name,
        ImageState: state,
        ImageType: "PRIVATE_IMAGE",
        ImageOsName: img.osName,
        ImageDescription: img.description,
        ImageCreateTime: ecmTime(img.createdAt),
        Architecture: img.architecture,
        OsType: img.osType,
        OsVersion: img.osName,
        Platform: "",
        ImageOwner: Number.isSafeInteger(owner) ? owner : 0,
        ImageSize: state === "NORMAL" ? 20 : 0,
        ImageSource: "EXTERNAL_IMPORT",
        // The task only matters while it runs or to explain a failure.
        TaskId: state === "NORMAL" ? "" : img.taskId,
        IsSupportCloudInit: true,
        SrcImage: sourceOf(img, filled),
    };
}

/**
 * The published example of an imported (EXTERNAL_IMPORT) image has an empty SrcImage: a client cannot
 * count on it naming the CVM image, so that is the default; "filled" is the kinder answer.
 */
function sourceOf(img: EcmImage, filled: boolean) {
    const s = filled ? img.source : { imageId: "", name: "", osName: "", description: "", region: "" };
    return {
        ImageId: s.imageId,
        ImageName: s.name,
        ImageOsName: s.osName,
        ImageDescription: s.description,
        Region: s.region,
        RegionID: 0,
        RegionName: "",
        InstanceName: "",
        InstanceId: "",
        ImageType: filled ? "PRIVATE_IMAGE" : "",
    };
}

const ImportImage: TencentAction = (raw, call, ctx) => {
    const p = new TcParams(raw);
    const cvmId = requiredImageParam(p, "ImageId");
    const description = requiredImageParam(p, "ImageDescription", DESCRIPTION_MAX);
    const sourceRegion = requiredImageParam(p, "SourceRegion");
    const src = cvmSourceImage(ctx, call.account, cvmId, sourceRegion);
    const osName = cvmOsName(src);
    const m = new EcmModel(ctx);
    m.create(
        {
            account: call.account,
            // [INF] An import takes the CVM image's name, cut to ECM's limit.
            name: [...src.name].slice(0, NAME_MAX).join(""),
            description,
            osType: src.osType,
            osName,
            architecture: src.architecture,
            // The failure convention: a CVM source image must be NORMAL, so the marker travels in the CVM
            // image's name (which its own import ignores), the request's ImageDescription, or the CVM
            // image's source URL (with a custom marker).
            plan: planImport(ctx.options, `${src.imageUrl} ${src.name} ${description}`, ctx.clock.importNow()),
            source: { imageId: src.id, region: src.region, name: src.name, description: src.description, osName },
        },
        (id) => isCvmImageId(ctx, id),
    );
    // The cloud answers with the RequestId only: the new image is found by listing (ECM ImportImage docs).
    return {};
};

/** Filters with one value only are fuzzy matches on a single string (ECM DescribeImage docs). */
const SINGLE_VALUE = new Set(["image-name", "image-os"]);
const IMAGE_TYPES = ["PRIVATE_IMAGE", "PUBLIC_IMAGE"];

const FILTERS: Record<string, (img: EcmImage, value: string) => boolean> = {
    "image-id": (i, v) => i.id === v,
    "image-type": (_i, v) => v === "PRIVATE_IMAGE",
    // An imported image boots on every ECM instance type.
    "instance-type": () => true,
    "image-name": (i, v) => i.name.includes(v),
    "image-os": (i, v) => i.osName.toLowerCase().includes(v.toLowerCase()),
};

function checkFilter(f: Filter): void {
    if (!FILTERS[f.Name]) throw invalidFilter(`\`${f.Name}\` is not a supported filter`);
    if (f.Values.some((v) => typeof v !== "string")) throw invalidFilter(`values of \`${f.Name}\` must be strings`);
    if (SINGLE_VALUE.has(f.Name) && f.Values.length !== 1) throw invalidFilter(`\`${f.Name}\` takes exactly one value`);
    if (f.Name === "image-type" && f.Values.some((v) => !IMAGE_TYPES.includes(v))) throw invalidFilter(`\`image-type\` is one of ${IMAGE_TYPES.join(", ")}`);
    if (f.Name === "image-id") for (const v of f.Values) if (!IMAGE_ID.test(v)) throw invalidImageId(v);
}

function pageInt(p: TcParams, name: string, fallback: number, max?: number): number {
    return p.int(name, { min: 0, max, code: "InvalidParameterValue.InvaildPageParam" }) ?? fallback;
}

const DescribeImage: TencentAction = (raw, call, ctx) => {
    const m = new EcmModel(ctx);
    const p = new TcParams(raw);
    const filters = readFilters(p, { filters: 10, values: 100, code: "InvalidParameterValue.ParameterValueTooLarge" });
    filters.forEach(checkFilter);
    const offset = pageInt(p, "Offset", 0);
    const limit = pageInt(p, "Limit", 20, 100);
    // ECM has no ImageIds: the image-id filter is its lookup by id; any other query is a listing, which lags.
    const idFilters = filters.filter((f) => f.Name === "image-id");
    const ids = idFilters.length ? idFilters.flatMap((f) => f.Values) : undefined;
    const matched = m.query(call.account, ids).filter((img) => filters.every((f) => f.Values.some((v) => FILTERS[f.Name](img, v))));
    const page = matched.slice(offset, offset + limit).map((i) => render(m, i, ctx.options.ecmSourceImage === "filled"));
    // The API documents ImageSet as possibly null, and an empty answer is one.
    return { TotalCount: matched.length, ImageSet: page.length ? page : null };
};

const ModifyImageAttribute: TencentAction = (raw, call, ctx) => {
    const m = new EcmModel(ctx);
    const p = new TcParams(raw);
    const id = requiredImageParam(p, "ImageId");
    // ECM documents only the generic InvalidParameterValue for this action's limits.
    const name = p.str("ImageName", { max: NAME_MAX, tooLargeCode: "InvalidParameterValue" });
    const description = p.str("ImageDescription", { max: DESCRIPTION_MAX, tooLargeCode: "InvalidParameterValue" });
    if (name === undefined && description === undefined) throw tcError("MissingParameter", "At least one of `ImageName` and `ImageDescription` is required.");
    if (name === "") throw tcError("InvalidParameterValue", "The value of `ImageName` must not be empty.");
    // This action documents no InvalidImageID: an id that cannot exist is simply not found.
    if (!IMAGE_ID.test(id)) throw imageNotFound(id);
    const img = m.get(call.account, id);
    const state = m.stateOf(img);
    if (state === "IMPORTING") throw operationNotAllowed(id, state);
    if (name !== undefined) {
        m.assertNameFree(call.account, name, img.id);
        img.name = name;
    }
    if (description !== undefined) img.description = description;
    return {};
};

const DeleteImage: TencentAction = (raw, call, ctx) => {
    const m = new EcmModel(ctx);
    const p = new TcParams(raw);
    const ids = [...new Set(p.strings("ImageIDSet", { required: true })!)];
    if (ids.length > 100) throw tooLarge("At most 100 image ids can be deleted at once.");
    // All or nothing: every image is checked before any is removed.
    for (const id of ids) if (!IMAGE_ID.test(id)) throw invalidImageId(id);
    const images = ids.map((id) => m.get(call.account, id));
    // An image still being copied is held by its import task.
    for (const img of images) if (m.stateOf(img) === "IMPORTING") throw imageInUse(img.id);
    m.remove(ids);
    return {};
};

const DescribeImportImageOs: TencentAction = () => ({
    ImportImageOsListSupported: IMPORT_OS_LIST,
    ImportImageOsVersionSet: IMPORT_OS_VERSIONS,
});

const TASK_STATUS = { IMPORTING: "OPERATING", NORMAL: "SUCCESS", IMPORTFAILED: "FAILED" } as const;

const DescribeTaskStatus: TencentAction = (raw, call, ctx) => {
    const m = new EcmModel(ctx);
    const p = new TcParams(raw);
    const tasks = p.array<{ Operation?: unknown; TaskId?: unknown }>("TaskSet");
    if (!tasks || tasks.length === 0) throw missingParameter("TaskSet");
    return {
        TaskSet: tasks.map((t) => {
            if (typeof t?.TaskId !== "string" && typeof t?.TaskId !== "number") throw missingParameter("TaskSet.TaskId");
            const img = m.findByTask(call.account, String(t.TaskId));
            // The code the SDK's error list names for DescribeTaskStatus.
            if (!img) throw tcError("InvalidParameterValue.TaskNotFound", `The task \`${t.TaskId}\` does not exist.`);
            const state = m.stateOf(img);
            return {
                TaskId: img.taskId,
                Message: state === "IMPORTFAILED" ? "Import image failed" : "",
                Status: TASK_STATUS[state],
                AddTime: ecmTime(img.plan.startedAt),
                EndTime: state === "IMPORTING" ? "" : ecmTime(img.plan.readyAt),
                Operation: "ImportImage",
            };
        }),
    };
};

export const ECM_ACTIONS: Record<string, TencentAction> = {
    ImportImage: withDataFormatErrors(ImportImage),
    DescribeImage: withDataFormatErrors(DescribeImage),
    ModifyImageAttribute,
    DeleteImage: withDataFormatErrors(DeleteImage),
    DescribeImportImageOs,
    DescribeTaskStatus,
};

/** Request parameters per action (ECM API pages, API version 2019-07-19). */
export const ECM_PARAMETERS: Record<string, readonly string[]> = {
    ImportImage: ["ImageId", "ImageDescription", "SourceRegion"],
    DescribeImage: ["Filters", "Offset", "Limit"],
    ModifyImageAttribute: ["ImageId", "ImageName", "ImageDescription"],
    DeleteImage: ["ImageIDSet"],
    DescribeImportImageOs: [],
    DescribeTaskStatus: ["TaskSet"],
};

/** "Every ECM image API is limited to 20 req/s" (Tencent Cloud ECM API docs). */
export const ECM_RATE_LIMITS: Record<string, number> = Object.fromEntries(Object.keys(ECM_ACTIONS).map((a) => [a, 20]));

export function ecmSnapshot(ctx: CloudContext) {
    const m = new EcmModel(ctx);
    return { images: m.all().map((i) => ({ ...i, state: m.stateOf(i) })) };
}
