import { NOT_OURS, type ApiParams, type FindsImport, type ImageApi, type ImageRef, type ImportAttempt, type Modifiable, type Preflighted, type Sealable } from "../core/cloud";
import { ApiCaller } from "../core/api-caller";
import { isMark } from "../core/mark";
import { ConfigError } from "../core/errors";
import type { CheckedInputs, RecordedInputs } from "../core/schema";
import type { Settings } from "../core/settings";
import type { CheckFailure } from "../core/validate";
import type { CloudImage, StateTable } from "../core/status";
import { tencentClientConfig } from "../tencent/connection";
import { tencentError } from "../tencent/errors";
import { CVM_CODES } from "./errors";
import { TENCENT_CVM } from "./identity";
import type { CVM_SCHEMA } from "./schema";

const CLOUD = TENCENT_CVM.title;

/** A CVM resource's inputs, typed by its schema. */
type CvmInputs = CheckedInputs<typeof CVM_SCHEMA>;

/** Documented limits, requests per second (each action's API page; the tag service's for its own). */
const LIMITS = { ImportImage: 10, DescribeImages: 40, ModifyImageAttribute: 10, DeleteImages: 10, DescribeImportImageOs: 288, ModifyResourceTags: 20 };

/** ModifyResourceTags takes at most 10 tags in each of its lists. */
const TAGS_PER_CALL = 10;

export interface CvmImage {
    ImageId: string;
    /** "CentOS 7 64位": what ECM repeats as ImageOsName when it imports the image. */
    OsName?: string;
    ImageName?: string;
    ImageDescription?: string;
    ImageState?: string;
    ImageFamily?: string;
    ImageSize?: number;
    CreatedTime?: string;
    ImageSource?: string;
    Tags?: { Key: string; Value: string }[];
}

interface TagClient {
    request(action: "ModifyResourceTags", req: object): Promise<unknown>;
}

interface CvmClient {
    ImportImage(req: object): Promise<{ ImageId?: string }>;
    DescribeImages(req: object): Promise<{ TotalCount?: number; ImageSet?: CvmImage[] }>;
    ModifyImageAttribute(req: object): Promise<unknown>;
    DeleteImages(req: object): Promise<unknown>;
    DescribeImportImageOs(req: object): Promise<{ ImportImageOsVersionSet?: OsTable }>;
}

type OsTable = { OsName: string; OsVersions: string[]; Architecture: string[] }[];

/** The importable-OS table changes with cloud releases, not between images: one look-up per account and region per process. */
const osTables = new Map<string, Promise<OsTable>>();

/** The tag that carries an import's mark until its create records the image: with our name, provably ours. */
export const TOKEN_TAG = "pulumi-image-import-token";

function withoutEmptyLists(req: ApiParams): ApiParams {
    return Object.fromEntries(Object.entries(req).filter(([, v]) => !(Array.isArray(v) && v.length === 0)));
}

/** The API refuses empty strings where a value is optional ("" is not "unset" to it). */
function withoutEmpty(req: ApiParams): ApiParams {
    return Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined && v !== ""));
}

/** DescribeImages' ImageState values (https://www.tencentcloud.com/document/api/213/15753, Image). */
export const CVM_STATES: StateTable = {
    ready: ["NORMAL"],
    failed: ["IMPORTFAILED", "CREATEFAILED"],
    failedReason: (state) => `the image reached state ${state} (CVM reports no further reason; check that the URL is readable and the format supported)`,
};

function imageOf(img: CvmImage): CloudImage {
    return {
        state: img.ImageState ?? "UNKNOWN",
        marked: (img.Tags ?? []).some((t) => t.Key === TOKEN_TAG && isMark(t.Value)),
        outputs: {
            imageSize: img.ImageSize ?? 0,
            createdTime: img.CreatedTime ?? "",
            imageSource: img.ImageSource ?? "",
            imageName: img.ImageName,
            imageDescription: img.ImageDescription,
            imageFamily: img.ImageFamily || undefined,
            // The user's tags: the mark's is the package's own.
            tags: Object.fromEntries((img.Tags ?? []).filter((t) => t.Key !== TOKEN_TAG).map((t) => [t.Key, t.Value])),
        },
    };
}

/** CVM's image calls for one account and region, through the official SDK. */
export class CvmApi implements ImageApi<CvmInputs>, FindsImport<CvmInputs>, Modifiable, Preflighted<CvmInputs>, Sealable {
    readonly pollGroup: string;
    readonly batchSize = 100;

    constructor(
        private readonly client: CvmClient,
        private readonly tags: TagClient,
        private readonly caller: ApiCaller,
        account: string,
        private readonly region: string,
    ) {
        this.pollGroup = `${TENCENT_CVM.key}|${account}|${region}`;
    }

    async describe(refs: readonly ImageRef[]): Promise<Map<string, CloudImage>> {
        return new Map((await this.lookup(refs.map((r) => r.id))).map((img) => [img.ImageId, imageOf(img)]));
    }

    /** The images of these ids as the cloud lists them (ECM reads its source image here). */
    async lookup(ids: readonly string[]): Promise<CvmImage[]> {
        const res = await this.caller.call("DescribeImages", () => this.client.DescribeImages({ ImageIds: ids, Limit: 100 }));
        return res.ImageSet ?? [];
    }

    async preflight(inputs: CvmInputs): Promise<CheckFailure[]> {
        let pending = osTables.get(this.pollGroup);
        if (!pending) {
            pending = this.caller.call("DescribeImportImageOs", () => this.client.DescribeImportImageOs({})).then((r) => r.ImportImageOsVersionSet ?? []);
            // A failed look-up is not remembered.
            pending.catch(() => osTables.delete(this.pollGroup));
            osTables.set(this.pollGroup, pending);
        }
        const table = await pending;
        const row = table.find((r) => r.OsName === inputs.osType);
        if (!row) return [{ property: "osType", reason: `"${inputs.osType}" cannot be imported in ${this.region}; supported: ${table.map((r) => r.OsName).join(", ")}` }];
        const failures: CheckFailure[] = [];
        if (!row.OsVersions.includes(inputs.osVersion)) {
            failures.push({ property: "osVersion", reason: `"${inputs.osVersion}" is not supported for ${row.OsName}; supported: ${row.OsVersions.join(", ")}` });
        }
        if (!row.Architecture.includes(inputs.architecture)) {
            failures.push({ property: "architecture", reason: `"${inputs.architecture}" is not supported for ${row.OsName}; supported: ${row.Architecture.join(", ")}` });
        }
        return failures;
    }

    /**
     * The image of this name, if it carries this import's mark in its tag: provably ours. Names are unique
     * in a region, so an image of the name without the mark is someone else's, or this resource's own
     * recorded (sealed) one. The image-name filter is fuzzy (substrings): matched exactly here.
     */
    async findImported(inputs: CvmInputs, attempt: ImportAttempt): Promise<ImageRef[] | typeof NOT_OURS> {
        const name = inputs.imageName;
        const res = await this.caller.call("DescribeImages", () =>
            this.client.DescribeImages({
                Filters: [
                    { Name: "image-name", Values: [name] },
                    { Name: "image-type", Values: ["PRIVATE_IMAGE"] },
                ],
                Limit: 100,
            }),
        );
        const hit = (res.ImageSet ?? []).find((i) => i.ImageName === name);
        if (!hit) return [];
        return hit.Tags?.some((t) => t.Key === TOKEN_TAG && t.Value === attempt.mark) ? [{ id: hit.ImageId }] : NOT_OURS;
    }

    /** The image as the tag service names it, as the Terraform provider does: the account's uin may be left empty. */
    private tagResource(ref: ImageRef): string {
        return `qcs::cvm:${this.region}:uin/:image/${ref.id}`;
    }

    /** The mark's tag goes: the image has the user's tags alone, and findImported no longer takes it. */
    async seal(ref: ImageRef): Promise<void> {
        const req = { Resource: this.tagResource(ref), DeleteTags: [{ TagKey: TOKEN_TAG }] };
        await this.caller.call("ModifyResourceTags", () => this.tags.request("ModifyResourceTags", req));
    }

    async importImage(inputs: CvmInputs, attempt: ImportAttempt): Promise<{ id?: string }> {
        const tags = [...Object.entries(inputs.tags ?? {}), [TOKEN_TAG, attempt.mark]];
        const dataDisks = inputs.dataDiskUrls ?? [];
        const res = await this.caller.call(
            "ImportImage",
            () =>
                this.client.ImportImage(
                    withoutEmpty({
                        ImageName: inputs.imageName,
                        ImageUrl: inputs.imageUrl,
                        OsType: inputs.osType,
                        OsVersion: inputs.osVersion,
                        Architecture: inputs.architecture,
                        ImageDescription: inputs.imageDescription,
                        Force: inputs.force,
                        LicenseType: inputs.licenseType,
                        BootMode: inputs.bootMode,
                        ImageFamily: inputs.imageFamily,
                        TagSpecification: tags.length ? [{ ResourceType: "image", Tags: tags.map(([Key, Value]) => ({ Key, Value })) }] : undefined,
                        ImportImageDataDiskList: dataDisks.length ? dataDisks.map((ImageUrl) => ({ ImageUrl })) : undefined,
                    }),
                ),
            { idempotent: false },
        );
        // Older API versions answered with a RequestId only: the session then finds it (name and mark).
        return { id: res.ImageId };
    }

    async modify(ref: ImageRef, params: ApiParams): Promise<void> {
        const { Tags: tags, ...attributes } = params;
        if (Object.keys(attributes).length) await this.caller.call("ModifyImageAttribute", () => this.client.ModifyImageAttribute({ ImageId: ref.id, ...attributes }));
        if ("Tags" in params) await this.retag(ref, (tags as Record<string, string> | "" | undefined) || {});
    }

    /**
     * Tags change in place through the tag service, as the Terraform provider changes them: the image API has
     * no call for it, and re-importing an image for a tag would take hours. The token's tag is left alone.
     */
    private async retag(ref: ImageRef, wanted: Record<string, string>): Promise<void> {
        const [img] = await this.lookup([ref.id]);
        const current = new Map((img?.Tags ?? []).filter((t) => t.Key !== TOKEN_TAG).map((t) => [t.Key, t.Value]));
        const replace = Object.entries(wanted).filter(([k, v]) => current.get(k) !== v).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
        const remove = [...current.keys()].filter((k) => !(k in wanted)).map((TagKey) => ({ TagKey }));
        const resource = this.tagResource(ref);
        for (let i = 0; i < Math.max(replace.length, remove.length); i += TAGS_PER_CALL) {
            const req = { Resource: resource, ReplaceTags: replace.slice(i, i + TAGS_PER_CALL), DeleteTags: remove.slice(i, i + TAGS_PER_CALL) };
            // Neither list may be sent empty.
            await this.caller.call("ModifyResourceTags", () => this.tags.request("ModifyResourceTags", withoutEmptyLists(req)));
        }
    }

    async deleteImage(ref: ImageRef): Promise<void> {
        // The snapshots bound to the image (its data disks) go with it: nothing the import made is left.
        await this.caller.call("DeleteImages", () => this.client.DeleteImages({ ImageIds: [ref.id], DeleteBindedSnap: true }));
    }
}

export function connectCvm(settings: Settings, inputs: RecordedInputs<typeof CVM_SCHEMA>): CvmApi {
    // check fills the region in, but reads of `get` resources and old state skip check.
    const region = inputs.region ?? settings.get("tencentcloud:region", "TENCENTCLOUD_REGION");
    if (!region) throw new ConfigError("region: not set on the resource, in `tencentcloud:region` or in TENCENTCLOUD_REGION");
    const { config, account, prepare } = tencentClientConfig(settings, "cvm", region);
    // Required here, not at the top: only stacks that use CVM load its SDK.
    const { cvm } = require("tencentcloud-sdk-nodejs-cvm") as typeof import("tencentcloud-sdk-nodejs-cvm");
    const client = new cvm.v20170312.Client(config) as unknown as CvmClient;
    // The tag service is global, and has no package of its own here: the common SDK's client reaches it.
    const { CommonClient } = require("tencentcloud-sdk-nodejs-common") as typeof import("tencentcloud-sdk-nodejs-common");
    // Its endpoint, and the CVM client's credential, which the caller keeps fresh.
    const tagConfig = { ...tencentClientConfig(settings, "tag").config, credential: config.credential };
    const tags = new CommonClient("tag.tencentcloudapi.com", "2018-08-13", tagConfig) as unknown as TagClient;
    const caller = new ApiCaller({ cloud: CLOUD, scope: `${account}|${region}`, limits: LIMITS, normalize: (e, action) => tencentError(CLOUD, action, e, CVM_CODES), prepare });
    return new CvmApi(client, tags, caller, account, region);
}
