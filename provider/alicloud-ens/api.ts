import { byMark, type ImageApi, type ImageRef, type Inputs, type ListsMarked, type Modifiable } from "../core/cloud";
import { isMark, MARK_PREFIX } from "../core/mark";
import { ApiCaller } from "../core/api-caller";
import { CloudError } from "../core/errors";
import type { Settings } from "../core/settings";
import type { CloudImage } from "../core/status";
import { popConfig, requestsPerSecond } from "../alicloud/connection";
import { alicloudError } from "../alicloud/errors";
import { rpcCaller, type RpcCaller } from "../alicloud/rpc";
import { AMBIGUOUS_DELETE, ENS_CODES } from "./errors";
import { imageOf, imagesOf, importParams, UNLISTED, type EnsImage } from "./images";

const CLOUD = "Alibaba Cloud ENS";
const VERSION = "2017-11-10";
const ACTIONS = ["ImportImage", "DescribeSelfImages", "DescribeImages", "ModifyImageAttribute", "DeleteImage"];

/** DescribeSelfImages' largest page ("default 10, max 50"). */
const PAGE_SIZE = 50;

/**
 * ENS's image calls for one account, through pop-core. Only DescribeSelfImages reports a status, and only as
 * a listing (its ImageId filter is a substring match), so images are polled by listing the account's own
 * images and picking them by exact id.
 */
export class EnsApi implements ImageApi, ListsMarked, Modifiable {
    readonly pollGroup: string;
    /** One listing serves every image waited on; its cost is pages, not images. */
    readonly batchSize = 1000;

    constructor(
        private readonly rpc: RpcCaller,
        private readonly caller: ApiCaller,
        account: string,
    ) {
        // ENS has one endpoint and keeps images per account: one group, whatever the regions.
        this.pollGroup = `alicloud-ens|${account}`;
    }

    /**
     * The listing lags behind imports (a new image may be missing from it for a while) and behind deletes (a
     * deleted one stays listed for a while). A listed image is reported as listed: a delete simply waits until
     * the listing lets it go. An image missing from the listing is looked up by its exact id (DescribeImages,
     * which sees changes at once) before it is reported missing, because missing means gone to `read`
     * (refresh would drop a live image) and to a resumed wait; found that way, its status is not known yet.
     */
    async describe(refs: readonly ImageRef[]): Promise<Map<string, CloudImage>> {
        const wanted = new Set(refs.map((r) => r.id));
        const found = new Map<string, CloudImage>();
        // For one image the fuzzy filter narrows the listing to it (and to any id that contains its id).
        const filter: Record<string, string> = refs.length === 1 ? { ImageId: refs[0].id } : {};
        await this.list(filter, (page) => {
            for (const img of page) if (wanted.has(img.ImageId)) found.set(img.ImageId, imageOf(img, img.Status ?? "UNKNOWN"));
            return found.size < wanted.size;
        });
        for (const id of wanted) {
            if (found.has(id)) continue;
            const img = await this.lookup(id);
            if (img) found.set(id, imageOf(img, UNLISTED));
        }
        return found;
    }

    async importImage(inputs: Inputs): Promise<{ id?: string }> {
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
    async modify(ref: ImageRef, params: Record<string, unknown>): Promise<void> {
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

export function connectEns(settings: Settings, _inputs: Inputs): EnsApi {
    const { config, account, prepare } = popConfig(settings, "ens", VERSION);
    // ENS publishes no per-action limits: one configurable figure for every action.
    const rps = requestsPerSecond(settings);
    const caller = new ApiCaller({
        cloud: CLOUD,
        scope: account,
        limits: Object.fromEntries(ACTIONS.map((a) => [a, rps])),
        normalize: (e, action) => alicloudError(CLOUD, action, e, ENS_CODES),
        prepare,
    });
    return new EnsApi(rpcCaller(config), caller, account);
}
