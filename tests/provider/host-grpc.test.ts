import * as path from "path";
import { startEmulator, type Emulator } from "../../emulator";
import { UNKNOWN } from "../../provider/core/unknown";
import { InitError, ProviderHost } from "../../drivers/provider-host";
import { makeSecret } from "../../drivers/wire";
import { cvmClient } from "../emulator/tencent-helpers";
import { captureSerializedProviders } from "../../drivers/serialized";

/**
 * The real @pulumi/pulumi dynamic-provider host, driven over its gRPC protocol with the serialized
 * provider of a real TencentCvmImportedImage, against the emulator.
 */
const ROOT = path.resolve(__dirname, "../..");
const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/image-import:TencentCvmImportedImage::img";
const URL = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/centos.qcow2";

let emu: Emulator;
let host: ProviderHost;
let providerText: string;
const logs: string[] = [];

const inputs = (o: Record<string, unknown> = {}) => ({
    __provider: providerText,
    region: "ap-guangzhou",
    imageName: "grpc-image",
    imageUrl: URL,
    osType: "CentOS",
    osVersion: "7",
    architecture: "x86_64",
    imageDescription: "v1",
    ...o,
});

beforeAll(async () => {
    const { TencentCvmImportedImage } = require("../../provider");
    const texts = await captureSerializedProviders(() => {
        new TencentCvmImportedImage("img", { region: "ap-guangzhou", imageName: "grpc-image", imageUrl: URL, osType: "CentOS", osVersion: "7", architecture: "x86_64" });
    });
    providerText = texts.img;
    emu = await startEmulator({ importDelayMs: 300 });
    // Credentials reach the provider only through Configure, as stack config secrets.
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith("TENCENTCLOUD_") || k.startsWith("IMAGE_IMPORT_")) delete env[k];
    host = await ProviderHost.start({ cwd: ROOT, project: "proj", env, onLog: (l) => logs.push(l) });
    await host.configure({
        "tencentcloud:secretId": emu.env.TENCENTCLOUD_SECRET_ID,
        "tencentcloud:secretKey": makeSecret(emu.env.TENCENTCLOUD_SECRET_KEY),
        "imageImport:endpoint": emu.url,
        "imageImport:pollInterval": "50ms",
    });
}, 60000);

afterAll(async () => {
    await host?.close();
    await emu?.close();
});

test("the host reports its plugin version", async () => {
    expect(await host.pluginVersion()).toMatch(/^\d+\.\d+\.\d+/);
});

test("check during preview skips unknowns; invalid inputs come back as check failures", async () => {
    const preview = await host.check(URN, {}, inputs({ imageName: UNKNOWN }));
    expect(preview.failures).toEqual([]);
    const bad = await host.check(URN, {}, inputs({ architecture: "sparc", imageName: "x".repeat(61) }));
    expect(bad.failures).toEqual(
        expect.arrayContaining([
            { property: "imageName", reason: "must be at most 60 characters, got 61" },
            { property: "architecture", reason: 'must be one of "x86_64", "i386", "arm_64", got "sparc"' },
        ]),
    );
    expect(emu.log.query()).toHaveLength(0);
});

test("create, diff, update, read and delete over gRPC", async () => {
    const checked = await host.check(URN, {}, inputs());
    const { id, outputs } = await host.create(URN, checked.inputs);
    expect(id).toMatch(/^img-/);
    expect(outputs).toMatchObject({ imageId: id, imageState: "NORMAL", imageName: "grpc-image" });
    expect(outputs.__provider).toBe(providerText);

    expect(await host.diff(id, URN, outputs, inputs(), checked.inputs)).toMatchObject({ changes: "none" });
    expect(await host.diff(id, URN, outputs, inputs({ imageDescription: "v2" }), checked.inputs)).toMatchObject({ changes: "some", replaces: [] });
    expect(await host.diff(id, URN, outputs, inputs({ imageUrl: URL.replace("centos", "ubuntu") }), checked.inputs)).toMatchObject({
        changes: "some",
        replaces: ["imageUrl"],
        deleteBeforeReplace: true,
    });

    const updated = await host.update(id, URN, outputs, inputs({ imageDescription: "v2" }), checked.inputs);
    expect(updated).toMatchObject({ imageDescription: "v2", imageState: "NORMAL" });

    const read = await host.read(id, URN, updated, checked.inputs);
    expect(read.id).toBe(id);
    expect(read.outputs).toMatchObject({ imageDescription: "v2" });

    await host.delete(id, URN, updated, checked.inputs);
    await host.delete(id, URN, updated, checked.inputs);
    expect((await host.read(id, URN, updated, checked.inputs)).id).toBe("");
    // Progress lines from the provider reach the engine through the host's stdout.
    expect(logs.some((l) => l.includes(`[image-import] tencent-cvm ${id}: ready`))).toBe(true);
});

test("a failed import is an ErrorResourceInitFailed carrying the id and full properties", async () => {
    const failing = inputs({ imageName: "grpc-fail", imageUrl: URL.replace("centos", "fail-centos") });
    const e = await host.create(URN, failing).then(
        () => undefined,
        (err) => err,
    );
    expect(e).toBeInstanceOf(InitError);
    expect(e.id).toMatch(/^img-/);
    expect(e.reasons[0]).toMatch(/failed to import: the image reached state IMPORTFAILED/);
    expect(e.properties).toMatchObject({ imageId: e.id, imageState: "IMPORTFAILED" });
    expect(e.properties.__provider).toBe(providerText);

    // The next `up`: update resumes (and fails again the same way); destroy still works.
    await expect(host.update(e.id, URN, e.properties, failing, failing)).rejects.toBeInstanceOf(InitError);
    await host.delete(e.id, URN, e.properties, failing);
    expect((await cvmClient(emu.port).DescribeImages({ ImageIds: [e.id] })).TotalCount).toBe(0);
});
