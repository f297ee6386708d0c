import { createHash } from "crypto";
import { byMark, type ApiParams, type ImageApi, type ImageRef, type ImportAttempt, type ListsMarked, type Modifiable } from "../core/cloud";
import { isMark, MARK_PREFIX } from "../core/mark";
import { ApiCaller } from "../core/api-caller";
import { CloudError, ConfigError } from "../core/errors";
import type { CheckedInputs, RecordedInputs } from "../core/schema";
import type { Settings } from "../core/settings";
import type { CloudImage, StateTable } from "../core/status";
import { jdcloudError, RequestTimeout } from "./errors";
import { JDCLOUD_VM } from "./identity";
import type { JD_VM_SCHEMA } from "./schema";

const CLOUD = JDCLOUD_VM.title;

/** A JD resource's inputs, typed by its schema. */
type JdInputs = CheckedInputs<typeof JD_VM_SCHEMA>;

/**
 * JD documents no per-action rate; its describe pages only warn that dense calls may trigger the gateway's
 * throttling. Ten calls a second per action stays well clear of it while describes are batched (a hundred
 * images a call, so a large stack still costs a few calls a tick), and a throttled call is retried.
 */
const LIMITS = { importImage: 10, describeImage: 10, describeImages: 10, imageTasks: 10, modifyImageAttribute: 10, deleteImage: 10 };

/** jdcloud-sdk-js sets no timeout (node-fetch waits forever): a call gives up after a minute, as Tencent's SDK does. */
const REQUEST_TIMEOUT_MS = 60_000;

/** describeImages takes pages of 10 to 100: a batch of ids is one page. */
const DESCRIBE_PAGE = 100;
/** imageTasks has been documented with pages of [10, 100] and of [1, 10]: 10 is valid under both. */
const TASK_PAGE = 10;


/** A task of an import: ImportImage in the SDK's model, ImportImageTask on an older API page. */
const IMPORT_TASK = /^ImportImage(Task)?$/;

/** Image of describeImages; JD leaves out what is empty, so every field but the id may be missing. */
interface JdImage {
    imageId: string;
    name?: string;
    /** The description, set as `description`. */
    desc?: string;
    status?: string;
    createTime?: string;
    sizeMB?: number;
    snapshotId?: string;
    /** Percent, as a string. */
    progress?: string;
    systemDisk?: { cloudDisk?: { snapshotId?: string } };
}

/** TaskInfo of imageTasks, in either published shape (string or integer ids, the reason in errorInfo or message). */
interface JdTask {
    taskId?: string | number;
    action?: string;
    taskStatus?: string;
    progress?: number;
    errorInfo?: string;
    message?: string;
}

/** What the SDK resolves with: the whole body (a 2xx body may still hold an error: the SDK only looks at the status). */
interface Envelope<T> {
    requestId?: string;
    result?: T;
    error?: unknown;
}

interface VmClient {
    importImage(opts: object): Promise<Envelope<{ imageId?: string; taskId?: string; importTaskId?: number }>>;
    describeImage(opts: { imageId: string }): Promise<Envelope<{ image?: JdImage }>>;
    describeImages(opts: object): Promise<Envelope<{ images?: JdImage[]; totalCount?: number }>>;
    imageTasks(opts: object): Promise<Envelope<{ taskSet?: JdTask[] }>>;
    modifyImageAttribute(opts: object): Promise<Envelope<unknown>>;
    deleteImage(opts: object): Promise<Envelope<unknown>>;
}

/** describeImages' status (https://docs.jdcloud.com/en/virtual-machines/api/describeimage): `deleting` is on its way out. */
export const JD_VM_STATES: StateTable = {
    ready: ["ready"],
    failed: ["error"],
    failedReason: (state) => `the image reached status ${state} (JD Cloud gave no reason; check that imageUrl is readable in the region and that diskFormat matches the file)`,
};

function percent(text: string | undefined): number | undefined {
    const n = text === undefined || text === "" ? NaN : Number(text);
    return Number.isFinite(n) ? n : undefined;
}

function imageOf(img: JdImage, taskId: string | undefined, task: JdTask | undefined): CloudImage {
    const state = img.status ?? "unknown";
    const progress = typeof task?.progress === "number" ? task.progress : (percent(img.progress) ?? (state === "ready" ? 100 : undefined));
    const why = task?.taskStatus === "failed" ? task.errorInfo || task.message : undefined;
    return {
        state,
        progress,
        reason: why ? `the import task ${taskId} failed: ${why}` : undefined,
        outputs: {
            imageName: img.name,
            description: img.desc,
            imageSizeMB: img.sizeMB ?? 0,
            createdTime: img.createTime ?? "",
            // Named once the import has filled it.
            snapshotId: img.snapshotId || img.systemDisk?.cloudDisk?.snapshotId || undefined,
            progress,
            ...(taskId ? { taskId } : {}),
        },
    };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RequestTimeout(ms)), ms);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** JD Cloud VM's image calls for one account and region, through jdcloud-sdk-js. */
export class JdVmApi implements ImageApi<JdInputs>, ListsMarked, Modifiable {
    readonly pollGroup: string;
    readonly batchSize = DESCRIBE_PAGE;

    constructor(
        private readonly client: VmClient,
        private readonly caller: ApiCaller,
        account: string,
        region: string,
        private readonly timeoutMs = REQUEST_TIMEOUT_MS,
    ) {
        this.pollGroup = `${JDCLOUD_VM.key}|${account}|${region}`;
    }

    /**
     * One describeImages call for up to a page of images; the image reports its own progress. Only a failed
     * import is looked up in imageTasks too, for its reason: following every pending image's task would
     * cost a page of ten tasks per ten images per tick.
     */
    async describe(refs: readonly ImageRef[]): Promise<Map<string, CloudImage>> {
        const res = await this.call("describeImages", () => this.client.describeImages({ ids: refs.map((r) => r.id), pageSize: DESCRIBE_PAGE }));
        const images = res.result?.images ?? [];
        const taskIds = new Map(refs.flatMap((r) => (r.tracking?.taskId !== undefined ? [[r.id, String(r.tracking.taskId)] as const] : [])));
        const unsettled = images.filter((img) => taskIds.has(img.imageId) && img.status === "error");
        const tasks = await this.tasksIfAny(unsettled.map((img) => taskIds.get(img.imageId)!));
        return new Map(images.map((img) => [img.imageId, imageOf(img, taskIds.get(img.imageId), tasks.get(taskIds.get(img.imageId) ?? ""))]));
    }

    /** The image's own status decides; a task look-up that the cloud refuses only costs the progress and the reason. */
    private async tasksIfAny(ids: string[]): Promise<Map<string, JdTask>> {
        try {
            return await this.tasks(ids);
        } catch (e) {
            if (e instanceof CloudError && !e.retryable) return new Map();
            throw e;
        }
    }

    private async tasks(ids: string[]): Promise<Map<string, JdTask>> {
        const batches: string[][] = [];
        for (let i = 0; i < ids.length; i += TASK_PAGE) batches.push(ids.slice(i, i + TASK_PAGE));
        const pages = await Promise.all(
            batches.map((taskIds) => this.call("imageTasks", () => this.client.imageTasks({ taskAction: "ImportImage", taskIds, pageSize: TASK_PAGE }))),
        );
        const found = new Map<string, JdTask>();
        for (const t of pages.flatMap((p) => p.result?.taskSet ?? [])) {
            if (t.taskId !== undefined && (t.action === undefined || IMPORT_TASK.test(t.action))) found.set(String(t.taskId), t);
        }
        return found;
    }

    /**
     * The clientToken is this create's nonce: every attempt of the create sends it, and JD answers a repeated
     * token with the first call's result, so a lost answer and its retry make one image. It dies with the
     * process: a token derived from the resource would also be its replacement's, and JD would hand the
     * replacement the image it replaces.
     */
    async importImage(inputs: JdInputs, attempt: ImportAttempt): Promise<{ id: string; tracking?: { taskId: string } }> {
        const res = await this.call(
            "importImage",
            () =>
                this.client.importImage({
                    architecture: inputs.architecture,
                    osType: inputs.osType,
                    platform: inputs.platform,
                    diskFormat: inputs.diskFormat,
                    systemDiskSizeGB: inputs.systemDiskSizeGB,
                    imageUrl: inputs.imageUrl,
                    imageName: inputs.imageName,
                    // The SDK leaves out undefined and null; JD takes "" as a value.
                    osVersion: inputs.osVersion || undefined,
                    description: inputs.description || undefined,
                    forceImport: inputs.forceImport ?? undefined,
                    clientToken: attempt.nonce,
                }),
            { idempotent: false },
        );
        const { imageId, taskId, importTaskId } = res.result ?? {};
        // A 2xx that is not JSON (a gateway's page) resolves without a result: sent again, the same clientToken gets the answer.
        if (!imageId) {
            throw new CloudError({ cloud: CLOUD, action: "importImage", code: "NoImageId", message: "the answer names no image", requestId: res.requestId, kind: "transient" });
        }
        // The current shape's string taskId, or the older page's integer importTaskId.
        const task = taskId ?? (importTaskId === undefined ? undefined : String(importTaskId));
        return { id: imageId, tracking: task ? { taskId: task } : undefined };
    }

    /**
     * Every private image named by a mark (an import sends its mark as the name), oldest first: JD's
     * listings show no clientToken and names are not unique, so the mark is the proof. Within one run a
     * lost answer is answered by the clientToken; this finds a killed run's image. The name filter is fuzzy:
     * one listing by the marks' prefix, whatever else the account holds, and each name matched exactly here.
     */
    async listMarked(): Promise<Map<string, ImageRef[]>> {
        const marked: JdImage[] = [];
        for (let pageNumber = 1; ; pageNumber++) {
            const res = await this.call("describeImages", () => this.client.describeImages({ imageSource: "private", imageName: MARK_PREFIX, pageNumber, pageSize: DESCRIBE_PAGE }));
            const page = res.result?.images ?? [];
            marked.push(...page.filter((i) => isMark(i.name)));
            if (page.length < DESCRIBE_PAGE || pageNumber * DESCRIBE_PAGE >= Number(res.result?.totalCount ?? 0)) break;
        }
        return byMark(marked.sort((a, b) => (a.createTime ?? "").localeCompare(b.createTime ?? "")), (i) => [i.name ?? "", i.imageId]);
    }

    async modify(ref: ImageRef, params: ApiParams): Promise<void> {
        await this.call("modifyImageAttribute", () => this.client.modifyImageAttribute({ imageId: ref.id, ...params }));
    }

    async deleteImage(ref: ImageRef): Promise<void> {
        // The default keeps the snapshot the import made; nothing the import made may be left behind.
        await this.call("deleteImage", () => this.client.deleteImage({ imageId: ref.id, deleteSnapshot: true }));
    }

    private call<T>(action: string, fn: () => Promise<Envelope<T>>, opts?: { idempotent?: boolean }): Promise<Envelope<T>> {
        return this.caller.call(
            action,
            async () => {
                const res = await withTimeout(fn(), this.timeoutMs);
                if (res?.error) throw res;
                return res;
            },
            opts,
        );
    }
}

/**
 * Access key and secret key from one source, stack config or else the environment (the names Packer's JD
 * Cloud builder uses): a key from one with a secret from the other would fail in a confusing way. The SDK
 * reads neither itself.
 */
function jdCredentials(settings: Settings): { accessKey: string; secretKey: string } {
    const config = { accessKey: settings.fromConfig("jdcloud:accessKey"), secretKey: settings.fromConfig("jdcloud:secretKey") };
    const env = { accessKey: settings.fromEnv("JDCLOUD_ACCESS_KEY"), secretKey: settings.fromEnv("JDCLOUD_SECRET_KEY") };
    const [c, names, where] =
        config.accessKey || config.secretKey ? [config, ["jdcloud:accessKey", "jdcloud:secretKey"], "stack config"] : [env, ["JDCLOUD_ACCESS_KEY", "JDCLOUD_SECRET_KEY"], "the environment"];
    if (c.accessKey && c.secretKey) return { accessKey: c.accessKey, secretKey: c.secretKey };
    if (c.accessKey || c.secretKey) {
        const [missing, present] = c.accessKey ? [names[1], names[0]] : [names[0], names[1]];
        throw new ConfigError(`Incomplete JD Cloud credentials: ${missing} is not set (${present} is, in ${where}); both must come from ${where}.`);
    }
    throw new ConfigError(
        "No JD Cloud credentials: run `pulumi config set jdcloud:accessKey <key>` and `pulumi config set --secret jdcloud:secretKey <secret>`, " +
            "or set JDCLOUD_ACCESS_KEY and JDCLOUD_SECRET_KEY. " +
            "To use the local emulator instead: `npx pulumi-image-import-emulator --port 0 --write-env emulator.env`, then `source emulator.env`.",
    );
}

/**
 * The SDK, loaded here and not at the top: only stacks that use JD load it. Its default logger prints every
 * request to stdout (the body, the string to sign, the Authorization header); clients copy the global logger
 * when built and the request code reads it on every call, so it is silenced globally before each client.
 */
function vmClient(config: object): VmClient {
    require("jdcloud-sdk-js/src/lib/core").config.update({ logger: () => {} });
    const VM = require("jdcloud-sdk-js/src/services/vm");
    return new VM(config) as VmClient;
}

export function connectJdVm(settings: Settings, inputs: RecordedInputs<typeof JD_VM_SCHEMA>): JdVmApi {
    // check fills the region in, but reads of `get` resources and old state skip check.
    const region = inputs.region || settings.get("jdcloud:region", "JDCLOUD_REGION");
    if (!region) throw new ConfigError("region: not set on the resource, in `jdcloud:region` or in JDCLOUD_REGION");
    const { accessKey, secretKey } = jdCredentials(settings);
    const override = settings.endpointOverride();
    // The SDK wants the host with its port and the scheme without "://".
    const endpoint = override ? { host: override.host, protocol: override.protocol.replace(/:$/, "") } : { host: "vm.jdcloud-api.com", protocol: "https" };
    const client = vmClient({ credentials: { accessKeyId: accessKey, secretAccessKey: secretKey }, regionId: region, endpoint });
    // Quotas and poll groups are per account; a digest keeps the key itself out of memory dumps and logs.
    const account = createHash("sha256").update(accessKey).digest("hex").slice(0, 12);
    const caller = new ApiCaller({ cloud: CLOUD, scope: `${account}|${region}`, limits: LIMITS, normalize: (e, action) => jdcloudError(CLOUD, action, e) });
    return new JdVmApi(client, caller, account, region);
}
