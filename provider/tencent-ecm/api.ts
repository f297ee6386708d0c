import { NOT_OURS, type ImageApi, type ImageRef, type ImportAttempt, type Inputs, type Modifiable, type Preflighted } from "../core/cloud";
import { ApiCaller } from "../core/api-caller";
import { CloudError } from "../core/errors";
import type { Settings } from "../core/settings";
import { phaseOf, type CloudImage, type StateTable } from "../core/status";
import type { CheckFailure } from "../core/validate";
import { tencentClientConfig } from "../tencent/connection";
import { tencentError } from "../tencent/errors";
import { connectCvm, type CvmApi, type CvmImage } from "../tencent-cvm/api";
import { ECM_CODES } from "./errors";

const CLOUD = "Tencent Cloud ECM";
const VERSION = "2019-07-19";

/** "A maximum of 20 requests can be initiated per second" on every ECM image API. */
const LIMITS = { ImportImage: 20, DescribeImage: 20, ModifyImageAttribute: 20, DeleteImage: 20, DescribeTaskStatus: 20 };

/** ECM's name limit (ModifyImageAttribute): an import's name is the CVM image's, cut to it where the cloud cuts. */
const NAME_MAX = 20;

/**
 * How far the cloud's clock may be behind ours when a new image's creation time is read: Tencent refuses a
 * request signed more than five minutes off, so no caller that got this far is further off than that.
 */
const CLOCK_SKEW_MS = 5 * 60_000;

interface EcmImage {
    ImageId: string;
    ImageName?: string;
    ImageDescription?: string;
    ImageState?: string;
    ImageOsName?: string;
    ImageCreateTime?: string;
    ImageSize?: number;
    ImageSource?: string;
    Architecture?: string;
    TaskId?: string;
    SrcImage?: { ImageId?: string; Region?: string } | null;
}

interface EcmClient {
    request(action: string, req: object): Promise<Record<string, unknown>>;
}

/**
 * DescribeImage's ImageState: only NORMAL is documented (in its examples); a failure is any state that
 * says FAIL, and every other state is on the way.
 */
export const ECM_STATES: StateTable = {
    ready: ["NORMAL"],
    failed: ["IMPORTFAILED"],
    failedPattern: /FAIL/,
    failedReason: (state) => `the image reached state ${state} (ECM gave no further reason)`,
};

/** ECM writes times as Beijing wall-clock "YYYY-MM-DD hh:mm:ss". */
function ecmTime(text: string | undefined): number | undefined {
    const ms = text ? Date.parse(`${text.replace(" ", "T")}+08:00`) : NaN;
    return Number.isNaN(ms) ? undefined : ms;
}

/** An ECM name the import took from the CVM image: the same, or cut to ECM's limit. */
function takenFrom(ecmName: string | undefined, cvmName: string): boolean {
    if (!ecmName) return false;
    return ecmName === cvmName || (cvmName.startsWith(ecmName) && [...ecmName].length >= NAME_MAX);
}

function imageOf(img: EcmImage): CloudImage {
    return {
        state: img.ImageState ?? "UNKNOWN",
        outputs: {
            imageName: img.ImageName,
            imageDescription: img.ImageDescription,
            imageSize: img.ImageSize ?? 0,
            createdTime: img.ImageCreateTime ?? "",
            imageSource: img.ImageSource ?? "",
            osName: img.ImageOsName ?? "",
            architecture: img.Architecture ?? "",
            taskId: img.TaskId ?? "",
            // Where the cloud names the source it is read back; the published example leaves it empty, which
            // says nothing (an unset output would read as a cleared input).
            ...(img.SrcImage?.ImageId ? { sourceImageId: img.SrcImage.ImageId } : {}),
            ...(img.SrcImage?.Region ? { sourceRegion: img.SrcImage.Region } : {}),
        },
    };
}

/**
 * ECM's image calls for one account, through the common SDK's CommonClient (ECM has no package of its
 * own). The import answers with a request id only, so the new image is found by listing.
 */
export class EcmApi implements ImageApi, Modifiable, Preflighted {
    readonly pollGroup: string;
    readonly batchSize = 100;
    /** The CVM images read for this call's inputs, by id and region. */
    private readonly sources = new Map<string, Promise<CvmImage | undefined>>();
    /** What the listing held before each attempt's first import: nothing in it is that attempt's. */
    private readonly before = new Map<string, Promise<Set<string>>>();

    constructor(
        private readonly client: EcmClient,
        private readonly caller: ApiCaller,
        account: string,
        private readonly cvm: (region: string) => CvmApi,
    ) {
        this.pollGroup = `tencent-ecm|${account}`;
    }

    async describe(refs: readonly ImageRef[]): Promise<Map<string, CloudImage>> {
        // ECM has no ImageIds parameter: the image-id filter is its look-up by id.
        const images = await this.list([{ Name: "image-id", Values: refs.map((r) => r.id) }]);
        const reasons = await this.failureReasons(images.filter((i) => phaseOf(ECM_STATES, i.ImageState ?? "") === "failed" && i.TaskId));
        return new Map(images.map((img) => [img.ImageId, { ...imageOf(img), reason: reasons.get(img.TaskId ?? "") }]));
    }

    /** A failed import's reason is its task's message; without one, the state table's words stand. */
    private async failureReasons(failed: EcmImage[]): Promise<Map<string, string>> {
        if (!failed.length) return new Map();
        try {
            const res = await this.caller.call("DescribeTaskStatus", () =>
                this.client.request("DescribeTaskStatus", { TaskSet: failed.map((i) => ({ Operation: "ImportImage", TaskId: i.TaskId })) }),
            );
            const tasks = (res.TaskSet ?? []) as { TaskId?: string; Message?: string }[];
            return new Map(tasks.filter((t) => t.TaskId && t.Message).map((t) => [String(t.TaskId), `the import task ${t.TaskId} failed: ${t.Message}`]));
        } catch (e) {
            if (e instanceof CloudError) return new Map();
            throw e;
        }
    }

    /** The source must exist and be ready: the cloud refuses anything else, and a timeout would not say why. */
    async preflight(inputs: Inputs): Promise<CheckFailure[]> {
        const src = await this.source(inputs);
        const where = `CVM image ${inputs.sourceImageId} in ${inputs.sourceRegion}`;
        if (!src) return [{ property: "sourceImageId", reason: `there is no ${where} for these credentials` }];
        if (src.ImageState !== "NORMAL") return [{ property: "sourceImageId", reason: `the ${where} is ${src.ImageState}; ECM imports only a ready (NORMAL) CVM image` }];
        return [];
    }

    async importImage(inputs: Inputs, attempt: ImportAttempt): Promise<{ id?: string }> {
        if (!this.before.has(attempt.token)) {
            const listed = this.candidates(inputs).then((l) => new Set(l.map((i) => i.ImageId)));
            listed.catch(() => this.before.delete(attempt.token));
            this.before.set(attempt.token, listed);
        }
        await this.before.get(attempt.token);
        await this.caller.call(
            "ImportImage",
            () => this.client.request("ImportImage", { ImageId: inputs.sourceImageId, ImageDescription: inputs.imageDescription, SourceRegion: inputs.sourceRegion }),
            { idempotent: false },
        );
        return {};
    }

    /**
     * The image this create imported. Where the cloud names an image's source, that decides: an image of
     * our source made before this attempt (or listed before it) is someone else's. The published example
     * names none; then it is the one image that was not listed before the attempt, was created after it
     * started, carries the description it sent, and has the source's name and OS.
     */
    async findImported(inputs: Inputs, attempt: ImportAttempt): Promise<ImageRef | typeof NOT_OURS | undefined> {
        const src = await this.source(inputs);
        if (!src) return undefined;
        const before = (await this.before.get(attempt.token)?.catch(() => undefined)) ?? new Set<string>();
        const fresh = (i: EcmImage) => !before.has(i.ImageId) && (ecmTime(i.ImageCreateTime) ?? 0) >= attempt.startedAt - CLOCK_SKEW_MS;
        const listed = await this.candidates(inputs);
        const bySource = listed.find((i) => i.SrcImage?.ImageId === inputs.sourceImageId && (!i.SrcImage?.Region || i.SrcImage.Region === inputs.sourceRegion));
        if (bySource) return fresh(bySource) && bySource.ImageDescription === inputs.imageDescription ? { id: bySource.ImageId } : NOT_OURS;
        const hits = listed.filter(
            (i) =>
                !i.SrcImage?.ImageId &&
                fresh(i) &&
                i.ImageDescription === inputs.imageDescription &&
                takenFrom(i.ImageName, src.ImageName ?? "") &&
                (!i.ImageOsName || !src.OsName || i.ImageOsName === src.OsName),
        );
        if (hits.length > 1) {
            throw new Error(
                `${CLOUD} lists ${hits.length} new images that could be this import (${hits.map((i) => i.ImageId).join(", ")}) and names the source of none: ` +
                    "set adoptImageId to the one imported from this resource's CVM image and delete the others",
            );
        }
        return hits[0] ? { id: hits[0].ImageId } : undefined;
    }

    async modify(ref: ImageRef, params: Record<string, unknown>): Promise<void> {
        await this.caller.call("ModifyImageAttribute", () => this.client.request("ModifyImageAttribute", { ImageId: ref.id, ...params }));
    }

    async deleteImage(ref: ImageRef): Promise<void> {
        try {
            await this.caller.call("DeleteImage", () => this.client.request("DeleteImage", { ImageIDSet: [ref.id] }));
        } catch (e) {
            // Documented for "malformed or unknown" ids: gone only if a look-up by id agrees.
            if (e instanceof CloudError && e.code === "InvalidParameterValue.InvalidImageID" && !(await this.describe([ref])).has(ref.id)) return;
            throw e;
        }
    }

    /**
     * Private images that may be an import of this source: the name filter (fuzzy, one value) narrows the
     * listing to the source's name, which an import takes; paged to the end.
     */
    private async candidates(inputs: Inputs): Promise<EcmImage[]> {
        const src = await this.source(inputs);
        const name = [...(src?.ImageName ?? "")].slice(0, NAME_MAX).join("");
        return this.list([{ Name: "image-type", Values: ["PRIVATE_IMAGE"] }, ...(name ? [{ Name: "image-name", Values: [name] }] : [])]);
    }

    private async list(filters: { Name: string; Values: unknown[] }[]): Promise<EcmImage[]> {
        const images: EcmImage[] = [];
        for (let offset = 0; ; offset += 100) {
            const res = await this.caller.call("DescribeImage", () => this.client.request("DescribeImage", { Filters: filters, Offset: offset, Limit: 100 }));
            // ImageSet may be null (DescribeImage docs).
            const page = (res.ImageSet ?? []) as EcmImage[];
            images.push(...page);
            if (page.length < 100 || images.length >= Number(res.TotalCount ?? 0)) return images;
        }
    }

    private source(inputs: Inputs): Promise<CvmImage | undefined> {
        const id = String(inputs.sourceImageId);
        const region = String(inputs.sourceRegion);
        const key = `${region}|${id}`;
        let pending = this.sources.get(key);
        if (!pending) {
            pending = this.cvm(region)
                .lookup([id])
                .then((found) => found.find((i) => i.ImageId === id));
            // A failed look-up is not remembered.
            pending.catch(() => this.sources.delete(key));
            this.sources.set(key, pending);
        }
        return pending;
    }
}

export function connectEcm(settings: Settings, _inputs: Inputs): EcmApi {
    // ECM's image APIs are not regional ("Region: not required for this API").
    const { config, account, prepare } = tencentClientConfig(settings, "ecm");
    // Required here, not at the top: only stacks that use ECM load it.
    const { CommonClient } = require("tencentcloud-sdk-nodejs-common") as typeof import("tencentcloud-sdk-nodejs-common");
    // The endpoint given here is the default; the profile's (international, override) wins.
    const client = new CommonClient("ecm.tencentcloudapi.com", VERSION, config) as unknown as EcmClient;
    const caller = new ApiCaller({ cloud: CLOUD, scope: account, limits: LIMITS, normalize: (e, action) => tencentError(CLOUD, action, e, ECM_CODES), prepare });
    return new EcmApi(client, caller, account, (region) => connectCvm(settings, { region }));
}
