import { NOT_OURS, type ApiParams, type FindsImport, type ImageApi, type ImageRef, type ImportAttempt, type ImportOutcome, type Modifiable, type Preflighted } from "../core/cloud";
import { ApiCaller } from "../core/api-caller";
import { coalesced } from "../core/coalesce";
import { CloudError } from "../core/errors";
import type { CheckedInputs } from "../core/schema";
import type { Settings } from "../core/settings";
import { phaseOf, type CloudImage, type StateTable } from "../core/status";
import type { CheckFailure } from "../core/validate";
import { tencentClientConfig } from "../tencent/connection";
import { tencentError } from "../tencent/errors";
import { connectCvm, type CvmApi, type CvmImage } from "../tencent-cvm/api";
import { ECM_CODES } from "./errors";
import { TENCENT_ECM } from "./identity";
import type { ECM_SCHEMA } from "./schema";

const CLOUD = TENCENT_ECM.title;

/** An ECM resource's inputs, typed by its schema. */
type EcmInputs = CheckedInputs<typeof ECM_SCHEMA>;
const VERSION = "2019-07-19";

/** "A maximum of 20 requests can be initiated per second" on every ECM image API. */
const LIMITS = { ImportImage: 20, DescribeImage: 20, ModifyImageAttribute: 20, DeleteImage: 20, DescribeTaskStatus: 20 };

/**
 * How long a CVM source read for one create serves the next: a check and the create after it (each on an
 * API of its own) read it once, and the state that counts (NORMAL) is the one at import, which the import
 * itself checks again.
 */
const SOURCE_TTL_MS = 60_000;

/** The CVM sources read in this process, by account, region and id. */
const sources = new Map<string, { at: number; image: Promise<CvmImage | undefined> }>();

/** ECM's name limit (ModifyImageAttribute): an import's name is the CVM image's, cut to it where the cloud cuts. */
const NAME_MAX = 20;

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
export class EcmApi implements ImageApi<EcmInputs>, FindsImport<EcmInputs>, Modifiable, Preflighted<EcmInputs> {
    readonly pollGroup: string;
    readonly batchSize = 100;

    constructor(
        private readonly client: EcmClient,
        private readonly caller: ApiCaller,
        account: string,
        private readonly cvm: (region: string) => CvmApi,
    ) {
        this.pollGroup = `${TENCENT_ECM.key}|${account}`;
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
    async preflight(inputs: EcmInputs): Promise<CheckFailure[]> {
        const src = await this.source(inputs);
        const where = `CVM image ${inputs.sourceImageId} in ${inputs.sourceRegion}`;
        if (!src) return [{ property: "sourceImageId", reason: `there is no ${where} for these credentials` }];
        if (src.ImageState !== "NORMAL") return [{ property: "sourceImageId", reason: `the ${where} is ${src.ImageState}; ECM imports only a ready (NORMAL) CVM image` }];
        return [];
    }

    /**
     * The description sent is the import's mark (the schema's `markedDuringImport`), which the find looks for.
     * The import takes the CVM image's name, which ECM keeps to its own limit: a longer one is said, since
     * the image shows a name nobody wrote.
     */
    async importImage(inputs: EcmInputs): Promise<ImportOutcome> {
        await this.caller.call(
            "ImportImage",
            () => this.client.request("ImportImage", { ImageId: inputs.sourceImageId, ImageDescription: inputs.imageDescription, SourceRegion: inputs.sourceRegion }),
            { idempotent: false },
        );
        // Read in the preflight just before (remembered): a failed look now says nothing, the import stands.
        const name = [...((await this.source(inputs).catch(() => undefined))?.ImageName ?? "")];
        if (inputs.imageName || name.length <= NAME_MAX) return {};
        const kept = name.slice(0, NAME_MAX).join("");
        return { note: `ECM names it after the CVM image "${name.join("")}", cut to its ${NAME_MAX}-character limit: "${kept}" (imageName sets a name of your own)` };
    }

    /**
     * The images with this import's mark as their description (the import sends it there): provably ours.
     * Where the cloud names an image's source and that image has no mark, the source is someone else's
     * import (ECM imports each CVM image once), or this resource's recorded (sealed) one.
     */
    async findImported(inputs: EcmInputs, attempt: ImportAttempt): Promise<ImageRef[] | typeof NOT_OURS> {
        const listed = await this.candidates(inputs);
        const marked = listed.filter((i) => i.ImageDescription === attempt.mark);
        if (marked.length) return marked.map((i) => ({ id: i.ImageId }));
        const bySource = listed.some((i) => i.SrcImage?.ImageId === inputs.sourceImageId && (!i.SrcImage?.Region || i.SrcImage.Region === inputs.sourceRegion));
        return bySource ? NOT_OURS : [];
    }

    async modify(ref: ImageRef, params: ApiParams): Promise<void> {
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
     * listing to the source's name, which an import takes (ECM filters on no description); paged to the end.
     */
    private async candidates(inputs: EcmInputs): Promise<EcmImage[]> {
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

    /** The CVM source, read once for the check and the create that follows it (see SOURCE_TTL_MS). */
    private source(inputs: EcmInputs): Promise<CvmImage | undefined> {
        const id = inputs.sourceImageId;
        const region = inputs.sourceRegion;
        const key = `${this.pollGroup}|${region}|${id}`;
        const cached = sources.get(key);
        if (cached && Date.now() - cached.at < SOURCE_TTL_MS) return cached.image;
        const cvm = this.cvm(region);
        // The checks of one `up` ask at once: their sources are read in one call (a hundred ids at most).
        const image = coalesced(`${cvm.pollGroup}|sources`, id, cvm.batchSize, async (ids) => new Map((await cvm.lookup(ids)).map((i) => [i.ImageId, i])));
        // Only a ready source is remembered: one missing or still importing is read again next time.
        image.then(
            (found) => found?.ImageState !== "NORMAL" && sources.delete(key),
            () => sources.delete(key),
        );
        sources.set(key, { at: Date.now(), image });
        return image;
    }
}

export function connectEcm(settings: Settings): EcmApi {
    // ECM's image APIs are not regional ("Region: not required for this API").
    const { config, account, prepare } = tencentClientConfig(settings, "ecm");
    // Required here, not at the top: only stacks that use ECM load it.
    const { CommonClient } = require("tencentcloud-sdk-nodejs-common") as typeof import("tencentcloud-sdk-nodejs-common");
    // The endpoint given here is the default; the profile's (international, override) wins.
    const client = new CommonClient("ecm.tencentcloudapi.com", VERSION, config) as unknown as EcmClient;
    const caller = new ApiCaller({ cloud: CLOUD, scope: account, limits: LIMITS, normalize: (e, action) => tencentError(CLOUD, action, e, ECM_CODES), prepare });
    return new EcmApi(client, caller, account, (region) => connectCvm(settings, { region }));
}
