import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { alicloudError } from "../../provider/alicloud/errors";
import { CodelessError } from "../../provider/alicloud/rpc";
import { ENS_CODES } from "../../provider/alicloud-ens/errors";
import { InitError } from "../../provider/core/errors";
import { pollerStats } from "../../provider/runtime";
import { deleteOutside, ensClient, ensImages, ENS_REGION, importOutside, seedEnsImage, ALI } from "../emulator/alicloud-helpers";
import { rejection, startTestCloud, type TestCloud } from "../support/cloud";

let cloud: TestCloud;
const ens = () => cloud.provider("alicloud-ens");
const CREDENTIALS = { "alicloud:accessKey": ALI.id, "alicloud:secretKey": ALI.secret };
const ENV_KEYS = ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_REGION", "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN", "ALICLOUD_REGION", "IMAGE_IMPORT_ALICLOUD_RPS"];

const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

beforeEach(async () => {
    for (const k of ENV_KEYS) delete process.env[k];
    cloud = await startTestCloud({}, CREDENTIALS);
});
afterEach(async () => {
    await cloud.close();
    for (const [k, v] of Object.entries(savedEnv)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

/**
 * A key of its own for a test that sets the rate limit: the process-wide limiter counts per account, and a
 * window holding grants made at another rate is not recounted.
 */
function ownKey(n: number): void {
    const key = { id: `LTAI_OWN_KEY_${n}`, secret: `own_secret_${n}`, account: `${n}`.padStart(16, "9") };
    const { credentials } = cloud.emu.options;
    cloud.emu.options.credentials = { ...credentials, alicloud: [...credentials.alicloud, key] };
    Object.assign(cloud.config, { "alicloud:accessKey": key.id, "alicloud:secretKey": key.secret });
}

const calls = (action: string) => cloud.emu.log.query({ action });
const RAW = { __provider: "exports.handler = () => ({})", region: ENS_REGION, platform: "centos", osVersion: "7.6" };

/** Checked inputs for an image of this name, as the engine hands them to create. */
async function inputsFor(name: string, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const { inputs, failures } = await ens().check({}, { ...RAW, __imageImport: { token: `token-${name}` }, imageName: name, ossObject: { bucket: "images", object: `${name}.qcow2` }, ...overrides });
    expect(failures).toEqual([]);
    return inputs;
}

describe("check", () => {
    const failures = async (overrides: Record<string, unknown>) =>
        (await ens().check({}, { ...RAW, imageName: "web-base", ossObject: { bucket: "images", object: "web.qcow2" }, ...overrides })).failures?.map((f) => f.property);

    test("every documented rule fails naming its field, nested ones by their path, before any call", async () => {
        const before = cloud.emu.log.query().length;
        expect(await failures({})).toEqual([]);
        expect(await failures({ imageName: undefined })).toEqual(["imageName"]);
        for (const name of ["a", "a".repeat(129), "1image", "_image", "my image", "my.image", "http://image", "https://image"]) expect(await failures({ imageName: name })).toEqual(["imageName"]);
        expect(await failures({ imageName: "镜像名称:v1_a-b" })).toEqual([]);
        expect(await failures({ computeType: "bare_metal" })).toEqual(["computeType"]);
        expect(await failures({ osType: "windows" })).toEqual(["osType"]);
        expect(await failures({ platform: "gentoo" })).toEqual(["platform"]);
        expect(await failures({ imageFormat: "raw" })).toEqual(["imageFormat"]);
        expect(await failures({ architecture: "i386" })).toEqual(["architecture"]);
        expect(await failures({ targetOssRegionId: "us-west-1" })).toEqual(["targetOssRegionId"]);
        expect(await failures({ region: "Beijing" })).toEqual(["region"]);
        expect(await failures({ imageUrl: "https://example.com/x.qcow2" })).toEqual(["imageUrl"]);
        // The source, by path.
        expect(await failures({ ossObject: "oss://images/web.qcow2" })).toEqual(["ossObject"]);
        expect(await failures({ ossObject: { object: "web.qcow2" } })).toEqual(["ossObject.bucket"]);
        expect(await failures({ ossObject: { bucket: "Images_1", object: "web.qcow2" } })).toEqual(["ossObject.bucket"]);
        expect(await failures({ ossObject: { bucket: "images", object: "/web.qcow2" } })).toEqual(["ossObject.object"]);
        expect(await failures({ ossObject: { bucket: "images", object: "web.qcow2", region: "cn-hangzhou" } })).toEqual(["ossObject.region"]);
        expect(await failures({ ossObject: { bucket: "images", object: "web.qcow2", zone: "a" } })).toEqual(["ossObject.zone"]);
        const disks = [{ bucket: "images", object: "sys.qcow2" }, { bucket: "-bad", object: "data.qcow2" }];
        expect(await failures({ ossObject: undefined, diskDeviceMappings: disks })).toEqual(["diskDeviceMappings[1].bucket"]);
        expect(await failures({ ossObject: undefined, diskDeviceMappings: [] })).toEqual(["diskDeviceMappings"]);
        // Exactly one of the two forms.
        expect(await failures({ diskDeviceMappings: [disks[0]] })).toEqual(["ossObject"]);
        expect(await failures({ ossObject: undefined })).toEqual(["ossObject"]);
        expect(cloud.emu.log.query()).toHaveLength(before);
    });

    test("the messages say the rule", async () => {
        const { failures } = await ens().check({}, { ...RAW, imageName: "http://x", ossObject: undefined, diskDeviceMappings: [{ bucket: "images", object: "o", region: "cn-shanghai" }] });
        expect(failures).toEqual([
            { property: "imageName", reason: "must not start with http:// or https://" },
            { property: "diskDeviceMappings[0].region", reason: 'must be one of "cn-beijing", got "cn-shanghai"' },
        ]);
        const neither = await ens().check({}, { ...RAW, imageName: "web" });
        expect(neither.failures).toEqual([{ property: "ossObject", reason: expect.stringMatching(/^is required, or diskDeviceMappings/) }]);
    });

    test("region: a source without one takes the resource's, from config or either variable; it must then be cn-beijing", async () => {
        const raw = { __provider: "x", imageName: "web", ossObject: { bucket: "images", object: "web.qcow2" } };
        expect((await ens().check({}, raw)).failures).toEqual([{ property: "region", reason: expect.stringContaining("pulumi config set alicloud:region") }]);
        process.env.ALICLOUD_REGION = "cn-beijing";
        expect((await ens().check({}, raw)).inputs.region).toBe("cn-beijing");
        process.env.ALIBABA_CLOUD_REGION = "cn-hangzhou";
        const hangzhou = await ens().check({}, raw);
        expect(hangzhou.inputs.region).toBe("cn-hangzhou");
        expect(hangzhou.failures).toEqual([{ property: "region", reason: expect.stringMatching(/^is the OSS region of ossObject, which gives no region of its own, and ENS imports only from cn-beijing/) }]);
        expect((await ens().check({}, { ...raw, ossObject: { ...raw.ossObject, region: "cn-beijing" } })).failures).toEqual([]);
        cloud.config["alicloud:region"] = "cn-beijing";
        expect((await ens().check({}, raw)).inputs.region).toBe("cn-beijing");
    });
});

describe("diff", () => {
    const olds = { region: ENS_REGION, imageName: "web", ossObject: { bucket: "images", object: "web.qcow2" }, osVersion: "7.6", imageStatus: "Available" };

    test("name, source and OS version replace; defaults spelled out and timeouts are no replacement", async () => {
        expect(await ens().diff("m-x", olds, { ...olds, computeType: "ens_vm", osType: "linux", imageFormat: "qcow2", architecture: "x86_64" })).toMatchObject({ changes: false });
        expect(await ens().diff("m-x", olds, { ...olds, timeouts: { create: "1h" } })).toMatchObject({ changes: true, replaces: [] });
        for (const [key, value] of [["imageName", "web-2"], ["ossObject", { bucket: "images", object: "web-2.qcow2" }], ["osVersion", "7.9"], ["platform", "ubuntu"]] as const) {
            // Names are not unique: the new image comes first.
            expect(await ens().diff("m-x", olds, { ...olds, [key]: value })).toMatchObject({ replaces: [key], deleteBeforeReplace: false });
        }
    });
});

describe("credentials", () => {
    const unset = () => {
        delete cloud.config["alicloud:accessKey"];
        delete cloud.config["alicloud:secretKey"];
    };
    /** A call that needs valid credentials: the read of an image that does not exist. */
    const signedRead = () => ens().read("m-0000000000000000000000000", { region: ENS_REGION });

    test("from stack config", async () => {
        expect((await signedRead()).id).toBe("");
        expect(calls("DescribeSelfImages").filter((l) => l.status === 200)).toHaveLength(1);
    });

    test.each([
        ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
        ["ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY"],
    ])("from %s and %s", async (id, secret) => {
        unset();
        process.env[id] = ALI.id;
        process.env[secret] = ALI.secret;
        expect((await signedRead()).id).toBe("");
    });

    test("from one source: a key id in config is not completed by a secret in the environment", async () => {
        delete cloud.config["alicloud:secretKey"];
        process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = ALI.secret;
        expect((await rejection(signedRead())).message).toBe("Incomplete Alibaba Cloud credentials: alicloud:secretKey is not set (alicloud:accessKey is, from the same place); both must come from one source.");
        unset();
        process.env.ALICLOUD_ACCESS_KEY = ALI.id;
        expect((await rejection(signedRead())).message).toBe(
            "Incomplete Alibaba Cloud credentials: ALIBABA_CLOUD_ACCESS_KEY_ID is not set (ALIBABA_CLOUD_ACCESS_KEY_SECRET is, from the same place); both must come from one source.",
        );
    });

    test("none: create fails before any call, saying how to set them and how to use the emulator", async () => {
        const inputs = await inputsFor("no-keys");
        unset();
        const e = await rejection(ens().create(inputs));
        expect(e.name).toBe("ConfigError");
        for (const part of ["alicloud:accessKey", "--secret alicloud:secretKey", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY", "pulumi-image-import-emulator"]) expect(e.message).toContain(part);
        expect(cloud.emu.log.query()).toHaveLength(0);
    });

    /**
     * In a process of its own with HOME set (Alibaba's chain reads os.homedir(), which Jest's sandboxed
     * process.env never reaches), against this test's emulator: the built package reads the shared
     * credentials file through @alicloud/credentials, and the call it signs with those keys is accepted.
     */
    test("none in config or the environment: Alibaba Cloud's own chain reads ~/.alibabacloud/credentials", async () => {
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "home-"));
        fs.mkdirSync(path.join(home, ".alibabacloud"));
        fs.writeFileSync(path.join(home, ".alibabacloud", "credentials"), `[default]\nenable = true\ntype = access_key\naccess_key_id = ${ALI.id}\naccess_key_secret = ${ALI.secret}\n`);
        const script = `
            const { configure, provider } = require("./dist/provider/runtime");
            configure({ config: { get: (k) => ({ "imageImport:endpoint": ${JSON.stringify(cloud.emu.url)} })[k] } });
            provider("alicloud-ens").read("m-0000000000000000000000000", { region: "cn-beijing" })
                .then((r) => console.log(JSON.stringify({ id: r.id })), (e) => console.log(JSON.stringify({ error: e.message })));`;
        // Asynchronously: the emulator in this process must keep answering.
        const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { cwd: path.resolve(__dirname, "../.."), env: { PATH: process.env.PATH, HOME: home }, encoding: "utf8" });
        expect(JSON.parse(stdout.trim().split("\n").pop()!)).toEqual({ id: "" });
        expect(calls("DescribeSelfImages").filter((l) => l.status === 200)).toHaveLength(1);
    }, 30_000);

    test("a wrong secret is an auth error that names the signature and echoes no string to sign", async () => {
        cloud.config["alicloud:secretKey"] = "not_the_secret";
        const e = await rejection(signedRead());
        expect(e.message).toMatch(/\[SignatureDoesNotMatch\].*check the access key secret/);
        expect(e.message).not.toMatch(/string to sign|AccessKeyId%3D/);
    });
});

describe("create", () => {
    test("imports, records the id, waits through every step until Available, with the documented outputs", async () => {
        const inputs = await inputsFor("web-base");
        const { id, outs } = await ens().create(inputs);
        expect(id).toMatch(/^m-[0-9a-z]{25}$/);
        expect(outs).toMatchObject({ imageId: id, imageStatus: "Available", imageName: "web-base", imageSize: 20, regionId: ENS_REGION });
        expect(String(outs.createdTime)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        const [sent] = calls("ImportImage");
        // Imported under the resource's mark as its name, then renamed once recorded (the seal).
        expect(sent.params).toEqual({ ImageName: expect.stringMatching(/^pulumi-import-[0-9a-f]{18}$/), ComputeType: "ens_vm", OSType: "linux", Platform: "centos", OSVersion: "7.6", ImageFormat: "qcow2", Architecture: "x86_64", OSSRegion: ENS_REGION, OSSBucket: "images", OSSObject: "web-base.qcow2" });
        expect(calls("ModifyImageAttribute").map((l) => l.params)).toEqual([expect.objectContaining({ ImageId: id, ImageName: "web-base" })]);
        expect(await ens().diff(id, outs, inputs)).toMatchObject({ changes: false });
    });

    test("the mapping form: one JSON list parameter, each disk with its region (or the resource's)", async () => {
        const disks = [{ bucket: "images", object: "sys.qcow2" }, { bucket: "data-disks", object: "data/1.qcow2", region: "cn-beijing" }];
        const inputs = await inputsFor("two-disks", { ossObject: undefined, diskDeviceMappings: disks, targetOssRegionId: "ap-southeast-1" });
        const { id, outs } = await ens().create(inputs);
        expect(outs).toMatchObject({ imageStatus: "Available", regionId: "ap-southeast-1", diskDeviceMappings: disks });
        const [sent] = calls("ImportImage");
        expect(JSON.parse(String(sent.params!.DiskDeviceMapping))).toEqual([
            { OSSRegion: "cn-beijing", OSSBucket: "images", OSSObject: "sys.qcow2" },
            { OSSRegion: "cn-beijing", OSSBucket: "data-disks", OSSObject: "data/1.qcow2" },
        ]);
        expect(sent.params).not.toHaveProperty("OSSBucket");
        expect(ensImages(cloud.emu).find((i) => i.id === id)?.disks).toEqual([
            { bucket: "images", object: "sys.qcow2", region: "cn-beijing" },
            { bucket: "data-disks", object: "data/1.qcow2", region: "cn-beijing" },
        ]);
    });

    test.each([
        ["pack-fail", "Pack_failed", /could not pack the image file/],
        ["fail", "Upload_failed", /could not upload the image file/],
        ["unavailable", "Unavailable", /reports it Unavailable/],
    ])("an object marked %s ends in %s: an init error with the reason, keeping the image", async (marker, state, reason) => {
        const inputs = await inputsFor(`broken-${state.toLowerCase().replace("_", "-")}`, { ossObject: { bucket: "images", object: `images/${marker}.qcow2` } });
        const e = await rejection(ens().create(inputs));
        expect(e).toBeInstanceOf(InitError);
        expect(e.message).toMatch(/failed to import: /);
        expect(e.message).toMatch(reason);
        expect(e.message).toMatch(/change ossObject or diskDeviceMappings/);
        expect(e.properties).toMatchObject({ imageId: e.id, imageStatus: state });
        expect(ensImages(cloud.emu).map((i) => i.id)).toEqual([e.id]);
    });

    test("a failing data disk fails the mapping's import", async () => {
        const disks = [{ bucket: "images", object: "sys.qcow2" }, { bucket: "images", object: "fail-data.qcow2" }];
        const e = await rejection(ens().create(await inputsFor("bad-data", { ossObject: undefined, diskDeviceMappings: disks })));
        expect(e.properties).toMatchObject({ imageStatus: "Upload_failed" });
    });

    test("a lost answer with an older image of the same name and OS present: that one is never adopted, and one new image is made", async () => {
        const older = seedEnsImage(cloud.emu, { name: "same-name" }, 60_000);
        cloud.emu.faults.add({ cloud: "alicloud-ens", action: "ImportImage", times: 1, mode: "drop" });
        const { id, outs } = await ens().create(await inputsFor("same-name"));
        expect(id).not.toBe(older.id);
        expect(outs).toMatchObject({ imageId: id, imageStatus: "Available" });
        expect(ensImages(cloud.emu).map((i) => i.id).sort()).toEqual([id, older.id].sort());
        // The dropped call made the image; it was found, not imported again.
        expect(calls("ImportImage")).toHaveLength(1);
    });

    test("a lost answer while the listing lags: looked for with patience rather than imported again", async () => {
        cloud.emu.options.listingLagMs = 1500;
        cloud.emu.faults.add({ cloud: "alicloud-ens", action: "ImportImage", times: 1, mode: "drop" });
        const { id } = await ens().create(await inputsFor("lagging"));
        expect(ensImages(cloud.emu).map((i) => i.id)).toEqual([id]);
        expect(calls("ImportImage")).toHaveLength(1);
    });

    test("an answer that was never given (a gateway's error page), looked for until the create's time is up: not sent again, and the next create imports once", async () => {
        cloud.emu.faults.add({ cloud: "alicloud-ens", action: "ImportImage", times: 1, mode: "gateway" });
        const inputs = await inputsFor("gateway", { timeouts: { create: "3s" } });
        const e = await rejection(ens().create(inputs));
        expect(e.message).toMatch(/NotJson/);
        expect(calls("ImportImage").map((l) => l.status)).toEqual([502]);
        const { id } = await ens().create(inputs);
        expect(ensImages(cloud.emu).map((i) => i.id)).toEqual([id]);
        expect(calls("ImportImage").map((l) => l.status)).toEqual([502, 200]);
    });
});

describe("polling", () => {
    test("an image whose id contains ours is not ours (the ImageId filter is a substring match)", async () => {
        const inputs = await inputsFor("exact");
        const { id, outs } = await ens().create(inputs);
        // Newer, so a listing shows it first, and failed, so taking it would show.
        const impostor = seedEnsImage(cloud.emu, { id: `${id}x`, name: "impostor", failure: "Upload_failed" }, 0);
        const fuzzy = await ensClient(cloud.emu).request("DescribeSelfImages", { ImageId: id }, { method: "POST" });
        expect(fuzzy.Images.Image.map((i: { ImageId: string }) => i.ImageId)).toEqual([impostor.id, id]);
        const read = await ens().read(id, outs);
        expect(read).toMatchObject({ id, props: { imageStatus: "Available", imageName: "exact" } });
        await ens().delete(id, outs);
        expect((await ens().read(id, outs)).id).toBe("");
        expect(ensImages(cloud.emu).map((i) => i.id)).toEqual([impostor.id]);
    });

    test("N images waiting together cost one listing per tick, not a call per image", async () => {
        ownKey(50);
        cloud.config["imageImport:alicloudRequestsPerSecond"] = "50";
        cloud.emu.options.rateLimitOverrides = { "alicloud-ens:*": 50 };
        const N = 6;
        const all = await Promise.all(Array.from({ length: N }, (_, i) => inputsFor(`fleet-${i}`)));
        const ticks = pollerStats().describeCalls;
        const done = await Promise.all(all.map((inputs) => ens().create(inputs)));
        expect(done.map((d) => d.outs.imageStatus)).toEqual(Array(N).fill("Available"));
        const describes = pollerStats().describeCalls - ticks;
        expect(describes).toBeGreaterThan(1);
        // One page per tick, serving every image; no look-up by id.
        expect(calls("DescribeSelfImages")).toHaveLength(describes);
        expect(calls("DescribeImages")).toHaveLength(0);
    });

    test("the configured rate limit is kept: no throttling at the cloud's own limit", async () => {
        ownKey(2);
        cloud.config["imageImport:alicloudRequestsPerSecond"] = "2";
        cloud.emu.options.rateLimitOverrides = { "alicloud-ens:*": 2 };
        const { id, outs } = await ens().create(await inputsFor("limited"));
        const from = calls("DescribeSelfImages").length;
        const started = Date.now();
        const reads = await Promise.all(Array.from({ length: 6 }, () => ens().read(id, outs)));
        expect(reads.every((r) => r.id === id)).toBe(true);
        // Six calls at two a second: the last two wait for the third window.
        expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
        const made = calls("DescribeSelfImages").slice(from);
        expect(made).toHaveLength(6);
        expect(made.filter((l) => l.errorCode)).toEqual([]);
    });

    test("with no rate set, the pace is learnt from ENS's throttling: a burst beyond its limit is retried and slows down, never surfaced", async () => {
        ownKey(3);
        cloud.emu.options.rateLimitOverrides = { "alicloud-ens:*": 3 };
        const { id, outs } = await ens().create(await inputsFor("adaptive"));
        const from = calls("DescribeSelfImages").length;
        const reads = await Promise.all(Array.from({ length: 12 }, () => ens().read(id, outs)));
        expect(reads.every((r) => r.id === id)).toBe(true);
        const made = calls("DescribeSelfImages").slice(from);
        // The burst found the limit; the pace then halved, so later calls got through.
        expect(made.filter((l) => l.errorCode === "Throttling.User").length).toBeGreaterThan(0);
        expect(made.filter((l) => !l.errorCode)).toHaveLength(12);
    }, 60_000);

    test("a wait's listing does not walk the account's other images: one page by the marks' prefix, whatever else is there", async () => {
        ownKey(51);
        const account = cloud.emu.options.credentials.alicloud.at(-1)!.account;
        for (let i = 0; i < 300; i++) seedEnsImage(cloud.emu, { account, name: `unrelated-${i}` });
        const all = await Promise.all(Array.from({ length: 3 }, (_, i) => inputsFor(`among-${i}`)));
        await Promise.all(all.map((inputs) => ens().create(inputs)));
        const listings = calls("DescribeSelfImages");
        expect(listings.length).toBeGreaterThan(0);
        // Every listing was narrowed (by the marks' prefix or by an id): none paged through the 300.
        expect(listings.filter((l) => !l.params?.ImageName && !l.params?.ImageId)).toEqual([]);
        expect(listings.every((l) => (l.params?.PageNumber ?? "1") === "1")).toBe(true);
    });

    test("a rate limit that is not a whole number of requests a second is refused, naming the setting", async () => {
        cloud.config["imageImport:alicloudRequestsPerSecond"] = "fast";
        const e = await rejection(ens().read("m-x", { region: ENS_REGION }));
        expect(e.message).toMatch(/^imageImport:alicloudRequestsPerSecond \(or IMAGE_IMPORT_ALICLOUD_RPS\) must be a whole number/);
    });

    test("an image ENS has but does not list yet reads as Unlisted, not gone", async () => {
        cloud.emu.options.listingLagMs = 60_000;
        const id = await importOutside(cloud.emu, { ImageName: "not-listed", OSSObject: "not-listed.qcow2" });
        const read = await ens().read(id, { region: ENS_REGION, imageName: "not-listed" });
        expect(read).toMatchObject({ id, props: { imageStatus: "Unlisted", imageName: "not-listed" } });
    });
});

describe("delete", () => {
    test("waits until the listing no longer has the image", async () => {
        cloud.emu.options.ensSettleMs = 1500;
        const { id, outs } = await ens().create(await inputsFor("settling"));
        const started = Date.now();
        await ens().delete(id, outs);
        expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
        const listed = await ensClient(cloud.emu).request("DescribeSelfImages", { ImageId: id }, { method: "POST" });
        expect(listed.Images.Image).toEqual([]);
        expect(cloud.logs.some((l) => l.includes(`${id}: deleted`))).toBe(true);
    });

    test.each(["400", "success", "404"] as const)("ensNotFound %s: a delete of an image already gone ends, asking DescribeImages", async (mode) => {
        cloud.emu.options.ensNotFound = mode;
        const { id, outs } = await ens().create(await inputsFor(`gone-${mode}`));
        await deleteOutside(cloud.emu, id);
        const from = calls("DeleteImage").length;
        await ens().delete(id, outs);
        const answers = calls("DeleteImage").slice(from).map((l) => l.errorCode ?? "ok");
        expect(answers).toEqual([{ "400": "Error.DeleteImage", success: "ok", "404": "InvalidImageId.NotFound" }[mode]]);
        if (mode !== "success") expect(calls("DescribeImages").length).toBeGreaterThan(0);
    });

    test("Error.DeleteImage for an image that is still there means in use: the delete waits, then fails with what to do", async () => {
        const { id, outs } = await ens().create(await inputsFor("in-use", { timeouts: { delete: "1s" } }));
        cloud.emu.faults.add({ cloud: "alicloud-ens", action: "DeleteImage", times: 1000, mode: "error", code: "Error.DeleteImage", message: "The image is not exist.", httpStatus: 400 });
        const e = await rejection(ens().delete(id, outs));
        expect(e.message).toMatch(/Error\.DeleteImage.*still has it: the image is in use.*remove them first/);
        expect(ensImages(cloud.emu).map((i) => i.id)).toEqual([id]);
    });
});

describe("errors: pop-core's rejections, normalised", () => {
    const norm = (e: unknown) => alicloudError("Alibaba Cloud ENS", "DeleteImage", e, ENS_CODES);
    const api = (code: unknown, status = 400, message = "m") => Object.assign(new Error(`${message}, URL: http://127.0.0.1:1/`), { code, data: { Code: code, Message: message, RequestId: "RID" }, entry: { response: { statusCode: status } } });

    test.each([
        ["Throttling.User", 400, "throttled"],
        ["Throttling", 400, "throttled"],
        ["ServiceUnavailable", 503, "transient"],
        ["InternalError", 500, "transient"],
        ["IncorrectStatus.Image", 400, "busy"],
        ["InvalidAccessKeyId.NotFound", 404, "auth"],
        ["SignatureDoesNotMatch", 400, "auth"],
        ["Forbidden.RAM", 403, "auth"],
        ["NoPermission", 403, "auth"],
        ["InvalidParameter.ImageName", 400, "invalid"],
        ["MissingParameter", 400, "invalid"],
        ["Error.DeleteImage", 400, "other"],
        ["InvalidImageId.NotFound", 404, "not-found"],
    ])("%s (HTTP %s) is %s, by its code", (code, status, kind) => {
        expect(norm(api(code, status))).toMatchObject({ code, kind, httpStatus: status, requestId: "RID" });
    });

    test("an answer that is not JSON, a codeless error status and a dropped connection may have run: transient", () => {
        const page = norm({ name: "SyntaxError", message: "Unexpected '<'", at: 1, text: "<html><body>502 Bad Gateway</body></html>" });
        expect(page).toMatchObject({ code: "NotJson", kind: "transient" });
        expect(page.message).not.toContain("<html>");
        expect(norm(new CodelessError(500, { RequestId: "R", Message: "no code field" }))).toMatchObject({ code: "HTTP500", kind: "transient", requestId: "R" });
        expect(norm(new CodelessError(403, { RequestId: "R" }))).toMatchObject({ code: "HTTP403", kind: "other" });
        expect(norm(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toMatchObject({ code: "ECONNRESET", kind: "transient" });
        expect(norm(Object.assign(new Error("ReadTimeout(30000). POST http://127.0.0.1:1/ failed."), { name: "RequestTimeoutError" }))).toMatchObject({ code: "RequestTimeout", kind: "transient" });
    });

    test("a message keeps neither the URL nor the string to sign, which carries an STS token", () => {
        const e = norm(api("SignatureDoesNotMatch", 400, "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&SecurityToken%3Dsts-token-secret"));
        expect(e.message).toMatch(/\[SignatureDoesNotMatch\] Specified signature is not matched with our calculation\. \(check the access key secret\) \(request id RID\)$/);
        expect(e.message).not.toMatch(/sts-token-secret|URL:/);
    });
});
