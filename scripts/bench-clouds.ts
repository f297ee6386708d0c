/**
 * What `npm run bench` needs of each cloud: the resource's inputs and stack config, which of the emulator's
 * logged actions are reads, the throttling codes, and a per-resource waiter of the cloud's own kind, the
 * way Terraform's providers wait (the official SDK; ImportImage, first check after 3 s, then one describe of
 * that image every 10 s; a throttled call retried with backoff until it passes or its retry time runs out).
 */
import * as tencentcloud from "tencentcloud-sdk-nodejs-cvm";
import type { Emulator } from "../emulator";
import { CvmModel } from "../emulator/tencent-cvm";
import type { CloudContext } from "../emulator/core/types";
import { makeSecret, type PropertyMap } from "../drivers/wire";
import { pulumiTypeOf, type CloudIdentity } from "../provider/core/identity";
import { AlicloudEnsImportedImage, JdcloudVmImportedImage, TencentCvmImportedImage, TencentEcmImportedImage } from "../provider";
import { ALICLOUD_ENS } from "../provider/alicloud-ens/identity";
import { JDCLOUD_VM } from "../provider/jdcloud-vm/identity";
import { TENCENT_CVM } from "../provider/tencent-cvm/identity";
import { TENCENT_ECM } from "../provider/tencent-ecm/identity";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One create as a waiter of the cloud's own kind makes it. */
export type BaselineCreate = (name: string, emu: Emulator) => Promise<void>;

export interface BenchCloud {
    identity: CloudIdentity;
    /** Constructs one resource, so that its serialized provider can be captured. */
    construct(): void;
    /** The inputs of the image named `name`; ECM's CVM source is made here, on the emulator. */
    inputs(name: string, emu: Emulator): PropertyMap;
    /** Stack config: the endpoint and the emulator's first credential. */
    config(emu: Emulator): PropertyMap;
    /** Actions that read (describe, list, look up); every other logged action is a write. */
    reads: RegExp;
    /** The cloud's throttling codes, as answered and as surfaced. */
    throttle: RegExp;
    baseline: BaselineCreate;
    /** The provider's batch size for one describe call (what a tick's reads are measured against). */
    batch: number;
}

/** terraform-plugin-sdk `resource.Retry` around a throttled call: backoff 0.5 s doubling to 10 s, until `timeoutMs`. */
async function tfRetry<T>(throttle: RegExp, timeoutMs: number, call: () => Promise<T>): Promise<T> {
    const until = Date.now() + timeoutMs;
    let wait = 100;
    for (;;) {
        try {
            return await call();
        } catch (e) {
            const code = String((e as { code?: unknown }).code ?? (e as { error?: { status?: unknown } }).error?.status ?? "");
            wait = Math.min(10_000, Math.max(500, wait * 2));
            if (!throttle.test(code) || Date.now() + wait > until) throw e;
            await sleep(wait);
        }
    }
}

/** StateChangeConf{Delay: 3s, PollInterval: 10s}: `state` until it says ready. */
async function waitReady(throttle: RegExp, state: () => Promise<string | undefined>, ready: string, pending: RegExp): Promise<void> {
    await sleep(3000);
    for (;;) {
        const s = await tfRetry(throttle, 3 * 60_000, state);
        if (s === ready) return;
        if (s !== undefined && !pending.test(s)) throw new Error(`the image reached state ${s}`);
        await sleep(10_000);
    }
}

const TENCENT_THROTTLE = /RequestLimitExceeded/;
const COS = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/centos-7.qcow2";
const TC_REGION = "ap-guangzhou";

function tencentConfig(emu: Emulator): PropertyMap {
    const tc = emu.options.credentials.tencent[0];
    return { "imageImport:endpoint": emu.url, "tencentcloud:secretId": tc.id, "tencentcloud:secretKey": makeSecret(tc.secret) };
}

function cvmSdk(emu: Emulator) {
    const tc = emu.options.credentials.tencent[0];
    return new tencentcloud.cvm.v20170312.Client({
        credential: { secretId: tc.id, secretKey: tc.secret },
        region: TC_REGION,
        profile: { httpProfile: { endpoint: `127.0.0.1:${emu.port}`, protocol: "http://" } },
    });
}

const cvm: BenchCloud = {
    identity: TENCENT_CVM,
    construct: () => void new TencentCvmImportedImage("img", { region: TC_REGION, imageName: "bench", imageUrl: COS, osType: "CentOS", osVersion: "7", architecture: "x86_64" }),
    inputs: (name) => ({ region: TC_REGION, imageName: name, imageUrl: COS, osType: "CentOS", osVersion: "7", architecture: "x86_64" }),
    config: tencentConfig,
    reads: /^Describe/,
    throttle: TENCENT_THROTTLE,
    batch: 100,
    async baseline(name, emu) {
        const sdk = cvmSdk(emu);
        const { ImageId } = await tfRetry(TENCENT_THROTTLE, 5 * 60_000, () => sdk.ImportImage({ Architecture: "x86_64", OsType: "CentOS", OsVersion: "7", ImageUrl: COS, ImageName: name }));
        await waitReady(TENCENT_THROTTLE, async () => (await sdk.DescribeImages({ ImageIds: [ImageId!] })).ImageSet?.[0]?.ImageState, "NORMAL", /^(IMPORTING|CREATING)$/);
    },
};

/** A ready CVM image of this name, put straight into the emulator's state: the source an ECM import copies. */
function cvmSource(emu: Emulator, name: string): string {
    const ctx: CloudContext = { clock: emu.clock, options: emu.options, store: emu.store, cloud: () => { throw new Error("no linked cloud"); } };
    const past = emu.clock.importNow() - 3600_000;
    const img = new CvmModel(ctx).create({
        account: emu.options.credentials.tencent[0].account, region: TC_REGION, name, description: "", osType: "CentOS", osVersion: "7", architecture: "x86_64",
        imageUrl: `${COS}?${name}`, dataDiskUrls: [], licenseType: "TencentCloud", bootMode: "Legacy BIOS", family: "", deprecated: false, tags: [],
        plan: { startedAt: past, readyAt: past, fails: false },
    });
    img.createdAt = emu.clock.now() - 3600_000;
    return img.id;
}

function ecmSdk(emu: Emulator) {
    const { CommonClient } = require("tencentcloud-sdk-nodejs-common") as typeof import("tencentcloud-sdk-nodejs-common");
    const tc = emu.options.credentials.tencent[0];
    return new CommonClient("ecm.tencentcloudapi.com", "2019-07-19", {
        credential: { secretId: tc.id, secretKey: tc.secret },
        profile: { httpProfile: { endpoint: `127.0.0.1:${emu.port}`, protocol: "http://" } },
    }) as unknown as { request(action: string, req: object): Promise<Record<string, any>> };
}

const ecmSources = new WeakMap<Emulator, Map<string, string>>();
function ecmSourceFor(emu: Emulator, name: string): string {
    let m = ecmSources.get(emu);
    if (!m) ecmSources.set(emu, (m = new Map()));
    if (!m.has(name)) m.set(name, cvmSource(emu, name));
    return m.get(name)!;
}

const ecm: BenchCloud = {
    identity: TENCENT_ECM,
    construct: () => void new TencentEcmImportedImage("img", { sourceImageId: "img-00000000", sourceRegion: TC_REGION, imageDescription: "bench" }),
    inputs: (name, emu) => ({ sourceImageId: ecmSourceFor(emu, name), sourceRegion: TC_REGION, imageDescription: `bench ${name}` }),
    config: tencentConfig,
    reads: /^Describe/,
    throttle: TENCENT_THROTTLE,
    batch: 100,
    // The import names no image: the waiter finds it by the source's name, then follows it by id.
    async baseline(name, emu) {
        const sdk = ecmSdk(emu);
        const src = ecmSourceFor(emu, name);
        await tfRetry(TENCENT_THROTTLE, 5 * 60_000, () => sdk.request("ImportImage", { ImageId: src, ImageDescription: `bench ${name}`, SourceRegion: TC_REGION }));
        let id: string | undefined;
        await waitReady(
            TENCENT_THROTTLE,
            async () => {
                const filters = id ? [{ Name: "image-id", Values: [id] }] : [{ Name: "image-name", Values: [name] }];
                const res = await sdk.request("DescribeImage", { Filters: filters, Limit: 100 });
                const hit = ((res.ImageSet ?? []) as { ImageId: string; ImageName: string; ImageState: string }[]).find((i) => (id ? i.ImageId === id : i.ImageName === name));
                id = hit?.ImageId;
                return hit?.ImageState;
            },
            "NORMAL",
            /^IMPORTING$/,
        );
    },
};

const JD_REGION = "cn-north-1";
const JD_OSS = `https://images.s3-internal.${JD_REGION}.jdcloud-oss.com/centos-7.qcow2`;
const JD_THROTTLE = /RESOURCE_EXHAUSTED|429/;

function jdSdk(emu: Emulator): any {
    require("jdcloud-sdk-js/src/lib/core").config.update({ logger: () => {} });
    const VM = require("jdcloud-sdk-js/src/services/vm");
    const key = emu.options.credentials.jdcloud[0];
    return new VM({ credentials: { accessKeyId: key.id, secretAccessKey: key.secret }, regionId: JD_REGION, endpoint: { host: `127.0.0.1:${emu.port}`, protocol: "http" } });
}

const jd: BenchCloud = {
    identity: JDCLOUD_VM,
    construct: () => void new JdcloudVmImportedImage("img", { region: JD_REGION, imageName: "bench", imageUrl: JD_OSS, architecture: "x86_64", osType: "linux", platform: "CentOS", diskFormat: "qcow2", systemDiskSizeGB: 40 }),
    inputs: (name) => ({ region: JD_REGION, imageName: name, imageUrl: JD_OSS, architecture: "x86_64", osType: "linux", platform: "CentOS", diskFormat: "qcow2", systemDiskSizeGB: 40 }),
    config: (emu) => {
        const key = emu.options.credentials.jdcloud[0];
        return { "imageImport:endpoint": emu.url, "jdcloud:accessKey": key.id, "jdcloud:secretKey": makeSecret(key.secret) };
    },
    reads: /^(describe|imageTasks)/,
    throttle: JD_THROTTLE,
    batch: 100,
    async baseline(name, emu) {
        const sdk = jdSdk(emu);
        const res = await tfRetry(JD_THROTTLE, 5 * 60_000, () =>
            sdk.importImage({ architecture: "x86_64", osType: "linux", platform: "CentOS", diskFormat: "qcow2", systemDiskSizeGB: 40, imageUrl: JD_OSS, imageName: name }),
        );
        const imageId = (res as { result: { imageId: string } }).result.imageId;
        await waitReady(JD_THROTTLE, async () => (await sdk.describeImage({ imageId })).result?.image?.status, "ready", /^pending$/);
    },
};

const ENS_REGION = "cn-beijing";
const ENS_THROTTLE = /Throttling/;

function ensSdk(emu: Emulator): { request(action: string, params: object, opts?: object): Promise<any> } {
    const RPCClient = require("@alicloud/pop-core");
    const key = emu.options.credentials.alicloud[0];
    return new RPCClient({ accessKeyId: key.id, accessKeySecret: key.secret, endpoint: emu.url, apiVersion: "2017-11-10", opts: { timeout: 30_000 } });
}

const ens: BenchCloud = {
    identity: ALICLOUD_ENS,
    construct: () => void new AlicloudEnsImportedImage("img", { region: ENS_REGION, imageName: "bench", platform: "centos", osVersion: "7.6", ossObject: { bucket: "images", object: "centos-7.qcow2" } }),
    inputs: (name) => ({ region: ENS_REGION, imageName: name, platform: "centos", osVersion: "7.6", ossObject: { bucket: "images", object: `${name}.qcow2` } }),
    config: (emu) => {
        const key = emu.options.credentials.alicloud[0];
        return { "imageImport:endpoint": emu.url, "alicloud:accessKey": key.id, "alicloud:secretKey": makeSecret(key.secret) };
    },
    reads: /^Describe/,
    throttle: ENS_THROTTLE,
    batch: 50,
    // Terraform's alicloud_ens_image: DescribeSelfImages narrowed by the image's id until it is Available.
    async baseline(name, emu) {
        const sdk = ensSdk(emu);
        const params = { ImageName: name, ComputeType: "ens_vm", Architecture: "x86_64", OSType: "linux", ImageFormat: "qcow2", Platform: "centos", OSVersion: "7.6", OSSBucket: "images", OSSObject: `${name}.qcow2`, OSSRegion: ENS_REGION };
        const { ImageId } = await tfRetry(ENS_THROTTLE, 5 * 60_000, () => sdk.request("ImportImage", params, { method: "POST" }));
        await waitReady(
            ENS_THROTTLE,
            async () => {
                const res = await sdk.request("DescribeSelfImages", { ImageId, PageSize: 50 }, { method: "POST" });
                return (res.Images?.Image ?? []).find((i: { ImageId: string }) => i.ImageId === ImageId)?.Status;
            },
            "Available",
            /^(Creating|Packing|Uploading|Copying)$/,
        );
    },
};

export const BENCH_CLOUDS: Record<string, BenchCloud> = { cvm, ecm, jd, ens };

/** The URN a create of this cloud's resource has. */
export function urnOf(cloud: BenchCloud, name: string): string {
    return `urn:pulumi:bench::proj::${pulumiTypeOf(cloud.identity)}::${name}`;
}
