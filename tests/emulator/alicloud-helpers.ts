import { TEST_CREDENTIALS, type Emulator } from "../../emulator";
import { EnsModel, type EnsImage } from "../../emulator/alicloud-ens";
import type { CloudContext } from "../../emulator/core/types";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const RPCClient = require("@alicloud/pop-core");

export const ALI = TEST_CREDENTIALS.alicloud[0];
/** The only OSS region ENS imports from. */
export const ENS_REGION = "cn-beijing";
/** Outside calls poll gently: they share the account's per-action limit with the provider under test. */
const POLL_MS = 250;

interface PopClient {
    request(action: string, params: Record<string, unknown>, opts?: object): Promise<any>;
}

const clients = new Map<string, PopClient>();

/** The official client, as a user outside Pulumi has it, pointed at the emulator. */
export function ensClient(emu: Emulator): PopClient {
    let c = clients.get(emu.url);
    if (!c) {
        c = new RPCClient({ accessKeyId: ALI.id, accessKeySecret: ALI.secret, endpoint: emu.url, apiVersion: "2017-11-10", opts: { timeout: 10_000 } }) as PopClient;
        clients.set(emu.url, c);
    }
    return c;
}

/** The images ENS has (a deleted one the listing still shows for a while is not among them). */
export function ensImages(emu: Emulator): (EnsImage & { status: string })[] {
    const bucket = (emu.store.snapshot()["alicloud-ens"] ?? {}) as { images?: Record<string, EnsImage & { status: string }> };
    return Object.values(bucket.images ?? {}).filter((i) => i.unlistAt === undefined);
}

async function listed(emu: Emulator, id: string): Promise<{ ImageId: string; ImageName: string } | undefined> {
    const res = await ensClient(emu).request("DescribeSelfImages", { ImageId: id, PageSize: 50 }, { method: "POST" });
    return res.Images.Image.find((i: { ImageId: string }) => i.ImageId === id);
}

async function until(what: string, done: () => Promise<boolean>): Promise<void> {
    const give = Date.now() + 15_000;
    while (!(await done())) {
        if (Date.now() > give) throw new Error(`the ENS listing never showed ${what}`);
        await new Promise((r) => setTimeout(r, POLL_MS));
    }
}

/** A rename as the Terraform provider makes it: ModifyImageAttribute, then wait until the listing shows the name. */
export async function renameOutside(emu: Emulator, id: string, name: string): Promise<void> {
    await ensClient(emu).request("ModifyImageAttribute", { ImageId: id, ImageName: name }, { method: "POST" });
    await until(`the rename of ${id}`, async () => (await listed(emu, id))?.ImageName === name);
}

/** A delete as the Terraform provider makes it: DeleteImage once the import lets it, then wait until the listing lets the image go. */
export async function deleteOutside(emu: Emulator, id: string): Promise<void> {
    await until(`${id} deletable`, () =>
        ensClient(emu)
            .request("DeleteImage", { ImageId: id }, { method: "POST" })
            .then(
                () => true,
                (e: { code?: string }) => {
                    if (e.code === "IncorrectStatus.Image") return false;
                    throw e;
                },
            ),
    );
    await until(`the delete of ${id}`, async () => (await listed(emu, id)) === undefined);
}

/** ImportImage as someone else calls it; returns the image id. */
export async function importOutside(emu: Emulator, params: Record<string, string>): Promise<string> {
    const base = { ComputeType: "ens_vm", Architecture: "x86_64", OSType: "linux", ImageFormat: "qcow2", OSSBucket: "images", OSSRegion: ENS_REGION };
    return (await ensClient(emu).request("ImportImage", { ...base, ...params }, { method: "POST" })).ImageId;
}

/**
 * An image put straight into the emulator's state, made `agoMs` before now (emulator clock) and ready by now:
 * neither the clock nor a wait is needed, and no listing lag hides it. `over` may set any field, the id too.
 */
export function seedEnsImage(emu: Emulator, over: Partial<EnsImage> = {}, agoMs = 3600_000): EnsImage {
    const ctx: CloudContext = { clock: emu.clock, options: emu.options, store: emu.store, cloud: () => { throw new Error("no linked cloud"); } };
    const at = emu.clock.now() - agoMs;
    const img = new EnsModel(ctx).create({
        account: ALI.account,
        name: "seeded",
        computeType: "ens_vm",
        architecture: "x86_64",
        osType: "linux",
        imageFormat: "qcow2",
        platform: "centos",
        osVersion: "7.6",
        licenseType: "",
        regionId: ENS_REGION,
        disks: [{ bucket: "images", object: "seeded.qcow2", region: ENS_REGION }],
        plan: { startedAt: at, readyAt: at, fails: false },
    });
    const { id, ...rest } = over;
    Object.assign(img, { createdAt: at }, rest);
    if (id) {
        const images = emu.store.bucket<{ images: Record<string, EnsImage> }>("alicloud-ens", () => ({ images: {} })).images;
        delete images[img.id];
        img.id = id;
        images[id] = img;
    }
    return img;
}
