/**
 * Bad input gets the same check failures, naming the field and the rule, through both front ends: the
 * dynamic resources' provider (the runtime their serialized provider loads) and the provider plugin over its
 * gRPC protocol. One table of cases; settings are named as each front end's users set them.
 */
import * as path from "path";
import { startEmulator, type Emulator } from "../../emulator";
import { ProviderHost } from "../../drivers/provider-host";
import type { PropertyMap } from "../../drivers/wire";
import { CLOUD_DEFINITIONS } from "../../provider/clouds";
import { configure, provider, setLogger } from "../../provider/runtime";
import { inPluginTerms } from "../../provider/plugin/config";
import { pluginTypeOf } from "../../provider/plugin/schema";

const ROOT = path.resolve(__dirname, "../..");
const COS = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com";
const JD_OSS = "https://images.s3-internal.cn-north-1.jdcloud-oss.com";

const VALID: Record<string, PropertyMap> = {
    "tencent-cvm": { region: "ap-guangzhou", imageName: "checked", imageUrl: `${COS}/x.qcow2`, osType: "CentOS", osVersion: "7", architecture: "x86_64" },
    "tencent-ecm": { sourceImageId: "img-00000000", sourceRegion: "ap-guangzhou", imageDescription: "checked" },
    "jdcloud-vm": { region: "cn-north-1", imageName: "checked", imageUrl: `${JD_OSS}/x.qcow2`, architecture: "x86_64", osType: "linux", platform: "CentOS", osVersion: "7.9", diskFormat: "qcow2", systemDiskSizeGB: 40 },
    "alicloud-ens": { region: "cn-beijing", imageName: "checked", platform: "centos", osVersion: "7.6", ossObject: { bucket: "images", object: "x.qcow2" } },
};

/** [cloud, what the case changes, the fields the failures name]. */
const CASES: [string, PropertyMap, string[]][] = [
    ["tencent-cvm", { imageName: null }, ["imageName"]],
    ["tencent-cvm", { architecture: "sparc" }, ["architecture"]],
    ["tencent-cvm", { imageUrl: "https://example.com/x.qcow2" }, ["imageUrl"]],
    ["tencent-cvm", { imageUrl: `${COS}/x.iso` }, ["imageUrl"]],
    ["tencent-cvm", { tags: { "qcloud:x": "y" } }, ["tags"]],
    ["tencent-cvm", { region: "guangzhou" }, ["region"]],
    ["tencent-cvm", { imageName: "x".repeat(61), bootMode: "BIOS" }, ["imageName", "bootMode"]],
    ["tencent-cvm", { timeouts: { create: "soon" } }, ["timeouts"]],
    ["tencent-ecm", { sourceImageId: "image-1" }, ["sourceImageId"]],
    ["tencent-ecm", { imageDescription: "x".repeat(61) }, ["imageDescription"]],
    ["tencent-ecm", { imageName: "x".repeat(21) }, ["imageName"]],
    ["jdcloud-vm", { systemDiskSizeGB: 45 }, ["systemDiskSizeGB"]],
    ["jdcloud-vm", { imageName: "has space" }, ["imageName"]],
    ["jdcloud-vm", { diskFormat: "iso" }, ["diskFormat"]],
    ["alicloud-ens", { ossObject: null }, ["ossObject"]],
    ["alicloud-ens", { ossObject: { bucket: "B!", object: "/x" } }, ["ossObject.bucket", "ossObject.object"]],
    ["alicloud-ens", { platform: "windows" }, ["platform"]],
];

let emu: Emulator;
let plugin: ProviderHost;

beforeAll(async () => {
    emu = await startEmulator();
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (/^(TENCENTCLOUD_|JDCLOUD_|ALIBABA_CLOUD_|ALICLOUD_|IMAGE_IMPORT_)/.test(k)) delete env[k];
    plugin = await ProviderHost.start({ cwd: ROOT, project: "proj", env, onLog: () => undefined, script: path.join(ROOT, "dist/provider/plugin/main.js") });
    await plugin.configure({}, { "image-import:endpoint": emu.url, "image-import:tencentcloudSecretId": emu.env.TENCENTCLOUD_SECRET_ID, "image-import:tencentcloudSecretKey": emu.env.TENCENTCLOUD_SECRET_KEY });
    setLogger(() => undefined);
    const config: Record<string, string> = { "imageImport:endpoint": emu.url, "tencentcloud:secretId": emu.env.TENCENTCLOUD_SECRET_ID, "tencentcloud:secretKey": emu.env.TENCENTCLOUD_SECRET_KEY };
    configure({ config: { get: (k: string) => config[k] } });
}, 60_000);

afterAll(async () => {
    await plugin?.close();
    await emu?.close();
});

test.each(CASES)("%s %j fails on %j through both front ends, alike", async (cloud, change, fields) => {
    const inputs = Object.fromEntries(Object.entries({ ...VALID[cloud], ...change }).filter(([, v]) => v !== null)) as PropertyMap;
    const dynamic = (await provider(cloud).check({}, { __provider: "exports.handler = () => ({})", __imageImport: { token: "t" }, ...inputs })).failures ?? [];
    const urn = `urn:pulumi:dev::proj::${pluginTypeOf(CLOUD_DEFINITIONS[cloud])}::checked`;
    const viaPlugin = (await plugin.check(urn, {}, inputs)).failures;
    expect(dynamic.map((f) => f.property).sort()).toEqual([...fields].sort());
    expect(viaPlugin).toEqual(dynamic.map((f) => ({ property: f.property, reason: inPluginTerms(f.reason) })));
});

test("a valid resource passes through both", async () => {
    for (const [cloud, inputs] of Object.entries(VALID).filter(([c]) => c !== "tencent-ecm")) {
        expect((await provider(cloud).check({}, { __provider: "x", __imageImport: { token: "t" }, ...inputs })).failures ?? []).toEqual([]);
        expect((await plugin.check(`urn:pulumi:dev::proj::${pluginTypeOf(CLOUD_DEFINITIONS[cloud])}::ok`, {}, inputs)).failures).toEqual([]);
    }
});
