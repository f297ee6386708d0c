import { byMark, type ApiParams, type ImageApi, type ImageRef, type ListsMarked, type Modifiable } from "../core/cloud";
import { isMark, MARK_PREFIX } from "../core/mark";
import { ApiCaller } from "../core/api-caller";
import { CloudError } from "../core/errors";
import type { Settings } from "../core/settings";
import { ALICLOUD_PACE, popConfig, requestsPerSecond } from "../alicloud/connection";
import { alicloudError } from "../alicloud/errors";
import { rpcCaller, type RpcCaller } from "../alicloud/rpc";
import { AMBIGUOUS_DELETE, ENS_CODES } from "./errors";
import type { CheckedInputs, FieldSpec } from "../core/schema";
import type { CloudImage, StateTable } from "../core/status";
import type { RpcBody } from "../alicloud/rpc";
import { ALICLOUD_ENS } from "./identity";
import { ENS_SCHEMA, given, type OssObject } from "./schema";

const CLOUD = ALICLOUD_ENS.title;

/** An ENS resource's inputs, typed by its schema. */
type EnsInputs = CheckedInputs<typeof ENS_SCHEMA>;

const VERSION = "2017-11-10";
const ACTIONS = ["ImportImage", "DescribeSelfImages", "DescribeImages", "ModifyImageAttribute", "DeleteImage"];

/** DescribeSelfImages' largest page ("default 10, max 50"). */
const PAGE_SIZE = 50;

/** What each failure state means; DescribeSelfImages gives no reason of its own. */
const FAILURES: Record<string, string> = {
    Pack_failed: "ENS could not pack the image file (Pack_failed): check that the OSS object is a qcow2 disk image of the OS given",
    Upload_failed: "ENS could not upload the image file (Upload_failed): check the bucket, the object key and its region, and that ENS may read the bucket",
    Unavailable: "the image was imported but ENS reports it Unavailable: it cannot be used; import the file again, and ask Alibaba Cloud support if that fails too",
};

/**
 * DescribeSelfImages' Status values (https://www.alibabacloud.com/help/en/ens/developer-reference/api-ens-2017-11-10-describeselfimages):
 * "only images in the Available state can be used"; Creating, Packing, Uploading and Copying (and the
 * Unlisted of an image the listing does not show yet) are on the way.
 */
export const ENS_STATES: StateTable = {
    ready: ["Available"],
    failed: Object.keys(FAILURES),
    failedReason: (state) => FAILURES[state] ?? `the image reached state ${state}`,
};

/** The state of an image ENS has (DescribeImages finds it by id) but DescribeSelfImages does not list yet. */
export const UNLISTED = "Unlisted";

/** An item of DescribeSelfImages (DescribeImages' items are the same, without Status). */
export interface EnsImage {
    ImageId: string;
    ImageName?: string;
    Status?: string;
    Architecture?: string;
    ComputeType?: string;
    CreationTime?: string;
    /** A number in a string ("20"). */
    ImageSize?: unknown;
    OsVersion?: string;
    Platform?: string;
    RegionId?: string;
    DiskDeviceMappings?: { DiskDeviceMapping?: { Format?: string; Type?: string }[] };
}

export function imagesOf(body: RpcBody): EnsImage[] {
    const list = (body.Images as { Image?: unknown } | undefined)?.Image;
    return Array.isArray(list) ? (list as EnsImage[]) : [];
}

export function imageOf(img: EnsImage, state: string): CloudImage {
    const size = Number(String(img.ImageSize ?? ""));
    return {
        state,
        outputs: {
            // A listing without the name says nothing about it (an unset output would read as a cleared input).
            ...(img.ImageName ? { imageName: img.ImageName } : {}),
            imageSize: Number.isFinite(size) ? size : 0,
            createdTime: img.CreationTime ?? "",
            regionId: img.RegionId ?? "",
        },
    };
}

/** An input as the import sends it: the schema's default where it is unset. */
export function sent(inputs: EnsInputs, key: keyof typeof ENS_SCHEMA.inputs): string | undefined {
    const spec: FieldSpec = ENS_SCHEMA.inputs[key];
    const v = given(inputs[key]) ? inputs[key] : spec.default;
    return v === undefined ? undefined : String(v);
}

/** One image file as ImportImage names it. */
export interface OssSource {
    OSSRegion: string;
    OSSBucket: string;
    OSSObject: string;
}

/** The image files, each with its OSS region (its own, else the resource's). */
export function sourcesOf(inputs: EnsInputs): OssSource[] {
    const list: OssObject[] = inputs.diskDeviceMappings?.length ? inputs.diskDeviceMappings : inputs.ossObject ? [inputs.ossObject] : [];
    return list.map((s) => ({ OSSRegion: given(s.region) ? s.region! : inputs.region, OSSBucket: s.bucket, OSSObject: s.object }));
}

/**
 * ImportImage's parameters. DiskDeviceMapping is one parameter holding a JSON list (the API declares it so,
 * and ENS reads it so): pop-core's own `DiskDeviceMapping.1.OSSBucket` flattening of an array is not what
 * ENS takes for it.
 */
export function importParams(inputs: EnsInputs): ApiParams {
    const disks = sourcesOf(inputs);
    return {
        ImageName: inputs.imageName,
        ComputeType: sent(inputs, "computeType"),
        OSType: sent(inputs, "osType"),
        Platform: sent(inputs, "platform"),
        OSVersion: sent(inputs, "osVersion"),
        ImageFormat: sent(inputs, "imageFormat"),
        Architecture: sent(inputs, "architecture"),
        TargetOSSRegionId: sent(inputs, "targetOssRegionId"),
        LicenseType: sent(inputs, "licenseType"),
        ...(given(inputs.diskDeviceMappings) ? { DiskDeviceMapping: JSON.stringify(disks) } : disks[0]),
    };
}

/**
 * ENS's image calls for one account, through pop-core. Only DescribeSelfImages reports a status, and only as
 * a listing (its ImageId filter is a substring match), so images are polled by listing the account's own
 * images and picking them by exact id.
 */
export class EnsApi implements ImageApi<EnsInputs>, ListsMarked, Modifiable {
    readonly pollGroup: string;
    /** One listing serves every image waited on; its cost is pages, not images. */
    readonly batchSize = 1000;

    constructor(
        private readonly rpc: RpcCaller,
        private readonly caller: ApiCaller,
        account: string,
    ) {
        // ENS has one endpoint and keeps images per account: one group, whatever the regions.
        this.pollGroup = `${ALICLOUD_ENS.key}|${account}`;
    }

    /**
     * The listing lags behind imports (a new image may be missing from it for a while) and behind deletes (a
     * deleted one stays listed for a while). A listed image is reported as listed: a delete simply waits until
     * the listing lets it go. An image missing from the listing is looked up by its exact id (DescribeImages,
     * which sees changes at once) before it is reported missing, because missing means gone to `read`
     * (refresh would drop a live image) and to a resumed wait; found that way, its status is not known yet.
     *
     * What a listing costs does not grow with the account's other images: images still importing carry
     * their mark as the name, so one listing by the marks' prefix finds every one of them; an image already
     * sealed (a delete's wait, a refresh) is listed by its id, which the fuzzy filter narrows to.
     */
    async describe(refs: readonly ImageRef[]): Promise<Map<string, CloudImage>> {
        const wanted = new Set(refs.map((r) => r.id));
        const found = new Map<string, CloudImage>();
        const take = (page: EnsImage[]) => {
            for (const img of page) if (wanted.has(img.ImageId)) found.set(img.ImageId, imageOf(img, img.Status ?? "UNKNOWN"));
            return found.size < wanted.size;
        };
        if (refs.some((r) => r.tracking?.marked)) await this.list({ ImageName: MARK_PREFIX }, take);
        for (const id of wanted) if (!found.has(id)) await this.list({ ImageId: id }, take);
        for (const id of wanted) {
            if (found.has(id)) continue;
            const img = await this.lookup(id);
            if (img) found.set(id, imageOf(img, UNLISTED));
        }
        return found;
    }

    async importImage(inputs: EnsInputs): Promise<{ id?: string }> {
        const res = await this.caller.call("ImportImage", () => this.rpc.request("ImportImage", importParams(inputs), { fresh: true }), { idempotent: false });
        // No id (an answer pop-core took for a success): the session finds the image.
        return { id: typeof res.ImageId === "string" && res.ImageId ? res.ImageId : undefined };
    }

    /**
     * Every image named by a mark (an import sends its mark as the name), oldest first: ENS takes no token
     * and names are not unique, so the mark is the only proof. The name filter is a substring match: one
     * listing by the marks' prefix, whatever else the account holds, and each name matched exactly here.
     */
    async listMarked(): Promise<Map<string, ImageRef[]>> {
        const marked: EnsImage[] = [];
        await this.list({ ImageName: MARK_PREFIX }, (page) => {
            marked.push(...page.filter((i) => isMark(i.ImageName)));
            return true;
        });
        return byMark(marked.sort((a, b) => Date.parse(a.CreationTime ?? "") - Date.parse(b.CreationTime ?? "")), (i) => [i.ImageName ?? "", i.ImageId]);
    }

    /** Only the name can change (ModifyImageAttribute); it is how the import's mark gives way to the name. */
    async modify(ref: ImageRef, params: ApiParams): Promise<void> {
        await this.caller.call("ModifyImageAttribute", () => this.rpc.request("ModifyImageAttribute", { ImageId: ref.id, ImageName: params.ImageName }));
    }

    /**
     * DeleteImage's not-found answer is also its in-use answer, and ENS publishes no other: whether the image
     * is gone is asked of DescribeImages by exact id, which sees a delete at once.
     */
    async deleteImage(ref: ImageRef): Promise<void> {
        try {
            await this.caller.call("DeleteImage", () => this.rpc.request("DeleteImage", { ImageId: ref.id }));
        } catch (e) {
            if (!(e instanceof CloudError && (AMBIGUOUS_DELETE.test(e.code) || e.notFound))) throw e;
            if (!(await this.lookup(ref.id))) return;
            throw new CloudError({
                cloud: CLOUD,
                action: "DeleteImage",
                code: e.code,
                requestId: e.requestId,
                httpStatus: e.httpStatus,
                kind: "busy",
                message: "ENS answered that the image does not exist, yet still has it: the image is in use",
            });
        }
    }

    /** The image with exactly this id, seen at once after any change; without a status. */
    private async lookup(id: string): Promise<EnsImage | undefined> {
        const res = await this.caller.call("DescribeImages", () => this.rpc.request("DescribeImages", { ImageId: id }));
        return imagesOf(res).find((i) => i.ImageId === id);
    }

    /** DescribeSelfImages page by page, while `more` says to go on and pages remain. */
    private async list(filter: Record<string, string>, more: (page: EnsImage[]) => boolean): Promise<void> {
        for (let page = 1; ; page++) {
            const res = await this.caller.call("DescribeSelfImages", () => this.rpc.request("DescribeSelfImages", { ...filter, PageNumber: page, PageSize: PAGE_SIZE }));
            const images = imagesOf(res);
            const total = Number(res.TotalCount);
            if (!more(images) || images.length < PAGE_SIZE || (Number.isFinite(total) && page * PAGE_SIZE >= total)) return;
        }
    }
}

export function connectEns(settings: Settings): EnsApi {
    const { config, account, prepare } = popConfig(settings, "ens", VERSION);
    // ENS publishes no per-action limits: the user's figure for every action, else a pace learnt from its answers.
    const rps = requestsPerSecond(settings);
    const caller = new ApiCaller({
        cloud: CLOUD,
        scope: account,
        limits: rps ? Object.fromEntries(ACTIONS.map((a) => [a, rps])) : {},
        adaptive: rps ? undefined : ALICLOUD_PACE,
        normalize: (e, action) => alicloudError(CLOUD, action, e, ENS_CODES),
        prepare,
    });
    return new EnsApi(rpcCaller(config), caller, account);
}
