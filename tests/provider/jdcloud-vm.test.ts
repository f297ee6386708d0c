import { CloudError, ConfigError, InitError } from "../../provider/core/errors";
import { ApiCaller } from "../../provider/core/api-caller";
import { Settings } from "../../provider/core/settings";
import { UNKNOWN } from "../../provider/core/unknown";
import { connectJdVm, JdVmApi } from "../../provider/jdcloud-vm/api";
import { jdcloudError } from "../../provider/jdcloud-vm/errors";
import { jdBucket, jdVmClient, JD_KEY, JD_OSS, JD_REGION } from "../emulator/jdcloud-helpers";
import { rejection, startTestCloud, type TestCloud } from "../support/cloud";

const { FetchError } = require("node-fetch");

const JD_CONFIG = { "jdcloud:accessKey": JD_KEY.id, "jdcloud:secretKey": JD_KEY.secret };
const URL_ = `${JD_OSS}/centos-7.6.qcow2`;

let cloud: TestCloud;
const jd = () => cloud.provider("jdcloud-vm");

beforeEach(async () => {
    cloud = await startTestCloud({}, JD_CONFIG);
});
afterEach(async () => {
    await cloud.close();
});

function jdInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        __provider: "exports.handler = () => ({})",
        __imageImport: { token: "token-jd" },
        region: JD_REGION,
        imageName: "centos-7",
        imageUrl: URL_,
        architecture: "x86_64",
        osType: "linux",
        platform: "CentOS",
        diskFormat: "qcow2",
        systemDiskSizeGB: 40,
        ...overrides,
    };
}

/** Inputs as the engine hands them to create: checked. */
async function checked(overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const { inputs, failures } = await jd().check({}, jdInputs(overrides));
    expect(failures).toEqual([]);
    return inputs!;
}

const images = () => Object.values(jdBucket(cloud.emu).images ?? {});
const snapshots = () => Object.values(jdBucket(cloud.emu).snapshots ?? {});
const calls = (action: string) => cloud.emu.log.query({ action });

describe("check", () => {
    test.each([
        [{ imageName: undefined }, "imageName", "is required"],
        [{ imageName: "n".repeat(33) }, "imageName", "must be at most 32 characters, got 33"],
        [{ imageName: "has space" }, "imageName", "must hold only letters, digits, Chinese characters, '_' or '-'"],
        [{ osVersion: "7.6\n" }, "osVersion", "must not contain control characters (such as NUL or a newline)"],
        [{ imageUrl: undefined }, "imageUrl", "is required"],
        [{ imageUrl: "https://example.com/a.qcow2" }, "imageUrl", "must be a JD Cloud OSS object URL such as https://<bucket>.s3-internal.<region>.jdcloud-oss.com/<key>"],
        [{ imageUrl: "ftp://images.s3.cn-north-1.jdcloud-oss.com/a.qcow2" }, "imageUrl", 'must be an http(s) URL, got scheme "ftp"'],
        [{ imageUrl: "https://images.s3.cn-north-1.jdcloud-oss.com/" }, "imageUrl", "must name an object (the URL has no path)"],
        [{ imageUrl: "https://s3.cn-north-1.jdcloud-oss.com/images" }, "imageUrl", "must name a bucket and an object (path style: /<bucket>/<key>)"],
        [{ imageUrl: "https://images.s3.cn-east-2.jdcloud-oss.com/a.qcow2" }, "imageUrl", "is in the OSS region cn-east-2, but the image's region is cn-north-1"],
        [{ imageUrl: "https://images.oss.cn-south-1.jcloudcs.com/a.qcow2" }, "imageUrl", "is in the OSS region cn-south-1, but the image's region is cn-north-1"],
        [{ architecture: "i386" }, "architecture", 'must be one of "x86_64", "arm64", got "i386"'],
        [{ osType: "macos" }, "osType", 'must be one of "windows", "linux", got "macos"'],
        [{ platform: "Debian" }, "platform", 'must be one of "Ubuntu", "CentOS", "Windows Server", "OpenEuler", "Rocky Linux", "Other Linux", "Other Windows", got "Debian"'],
        [{ diskFormat: "iso" }, "diskFormat", 'must be one of "qcow2", "vhd", "vmdk", "raw", got "iso"'],
        [{ systemDiskSizeGB: 30 }, "systemDiskSizeGB", "must be at least 40, got 30"],
        [{ systemDiskSizeGB: 510 }, "systemDiskSizeGB", "must be at most 500, got 510"],
        [{ systemDiskSizeGB: 45 }, "systemDiskSizeGB", "must be a multiple of 10, got 45"],
        [{ systemDiskSizeGB: "40" }, "systemDiskSizeGB", "must be a whole number"],
        [{ description: "d".repeat(257) }, "description", "must be at most 256 characters, got 257"],
        [{ forceImport: "yes" }, "forceImport", "must be true or false"],
        [{ region: "Beijing" }, "region", "must be a JD Cloud region such as cn-north-1"],
    ])("%j fails on %s: %s, before any call", async (overrides, property, reason) => {
        const before = cloud.emu.log.query().length;
        expect((await jd().check({}, jdInputs(overrides))).failures).toEqual([{ property, reason }]);
        expect(cloud.emu.log.query()).toHaveLength(before);
    });

    test("the boundaries pass: Chinese names of 32 characters, 256-character descriptions, 500 GB, path-style and internal URLs", async () => {
        for (const overrides of [
            { imageName: "镜像_Image-1".padEnd(32, "x"), description: "描".repeat(256) },
            { systemDiskSizeGB: 500, architecture: "arm64", diskFormat: "raw", forceImport: true, osVersion: "22.04", platform: "Ubuntu" },
            { imageUrl: "https://s3.cn-north-1.jdcloud-oss.com/images/a.qcow2", osType: "windows", platform: "Windows Server" },
            { imageUrl: "https://images.s3.cn-north-1.jdcloud-oss.com/a.vhd?X-Amz-Signature=abc", diskFormat: "vhd" },
        ]) {
            expect((await jd().check({}, jdInputs(overrides))).failures).toEqual([]);
        }
    });

    test("the region comes from jdcloud:region when the resource leaves it out, and a missing one says where to set it", async () => {
        expect((await jd().check({}, jdInputs({ region: undefined }))).failures).toEqual([
            { property: "region", reason: "is required (set it on the resource, with `pulumi config set jdcloud:region <region>` or JDCLOUD_REGION)" },
        ]);
        cloud.config["jdcloud:region"] = "cn-east-2";
        const r = await jd().check({}, jdInputs({ region: undefined, imageUrl: URL_.replace(JD_REGION, "cn-east-2") }));
        expect(r.failures).toEqual([]);
        expect(r.inputs!.region).toBe("cn-east-2");
        // The OSS region is held against the region the image gets, wherever that comes from.
        expect((await jd().check({}, jdInputs({ region: undefined }))).failures).toEqual([
            { property: "imageUrl", reason: "is in the OSS region cn-north-1, but the image's region is cn-east-2" },
        ]);
    });

    test("unknown values during preview are skipped, never failed", async () => {
        expect((await jd().check({}, jdInputs({ imageUrl: UNKNOWN, region: UNKNOWN, systemDiskSizeGB: UNKNOWN }))).failures).toEqual([]);
    });
});

describe("diff", () => {
    const olds = { ...jdInputs({ description: "v1" }), imageId: "img-abcdefghij", imageStatus: "ready" };
    test.each([
        ["no change", {}, { changes: false, replaces: [] }],
        ["the description is updated in place", { description: "v2" }, { changes: true, replaces: [] }],
        ["the name replaces", { imageName: "other" }, { changes: true, replaces: ["imageName"] }],
        ["the URL replaces", { imageUrl: `${JD_OSS}/centos-7.9.qcow2` }, { changes: true, replaces: ["imageUrl"] }],
        ["the OS version replaces", { osVersion: "7.9" }, { changes: true, replaces: ["osVersion"] }],
        ["what the cloud cannot change replaces", { platform: "Rocky Linux", diskFormat: "raw", systemDiskSizeGB: 50, forceImport: true }, { changes: true, replaces: ["platform", "diskFormat", "systemDiskSizeGB", "forceImport"] }],
        ["spelling out forceImport's default is no change", { forceImport: false }, { changes: false, replaces: [] }],
        ["a re-signed presigned URL is no change", { imageUrl: `${URL_}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20261122&X-Amz-Signature=0123abcd` }, { changes: false, replaces: [] }],
    ])("%s", async (_name, overrides, expected) => {
        // Names need not be unique: a replacement never has to delete first.
        expect(await jd().diff("img-abcdefghij", olds, jdInputs({ description: "v1", ...overrides }))).toEqual({ ...expected, deleteBeforeReplace: false });
    });
});

describe("create", () => {
    test("imports with the create's clientToken, reports the task's progress while it runs, and ends ready with every output", async () => {
        cloud.emu.options.importDelayMs = 2000;
        const inputs = await checked({ description: "base", osVersion: "7.6" });
        const { id, outs } = await jd().create(inputs);
        expect(outs).toMatchObject({
            imageId: id,
            imageStatus: "ready",
            taskId: expect.stringMatching(/^\d+$/),
            progress: 100,
            imageName: "centos-7",
            description: "base",
            snapshotId: expect.stringMatching(/^snapshot-/),
        });
        expect(outs.imageSizeMB).toBeGreaterThan(0);
        expect(String(outs.createdTime)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        expect((outs.__imageImport as { tracking?: unknown }).tracking).toEqual({ taskId: outs.taskId, importedAt: expect.any(Number) });
        const [imported] = calls("importImage");
        // Imported under the resource's mark as its name, renamed once recorded (the seal).
        expect(imported.params).toMatchObject({ imageName: expect.stringMatching(/^pulumi-import-[0-9a-f]{18}$/), osVersion: "7.6", description: "base", clientToken: expect.stringMatching(/^[0-9a-f-]{36}$/) });
        expect(images().map((i: any) => i.name)).toEqual(["centos-7"]);
        // The task's percentage, on the way up.
        const progress = cloud.logs.filter((l) => l.includes(`${id}: pending`)).map((l) => Number(/pending (\d+)%/.exec(l)?.[1]));
        expect(progress.filter((p) => p > 0 && p < 100).length).toBeGreaterThan(0);
        // The image reports its own progress: its task is read only when it fails, for the reason.
        expect(calls("imageTasks")).toHaveLength(0);
        expect(await jd().diff(id, outs, inputs)).toMatchObject({ changes: false });
    });

    test("nothing of a request reaches stdout: the SDK's logger, which prints every call, is silenced before the client is built", async () => {
        const core = require("jdcloud-sdk-js/src/lib/core");
        // The SDK's own default, as a process that loaded it elsewhere may have left it.
        core.config.update({ logger: (line: string) => console.log(line) });
        const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
        const write = jest.spyOn(process.stdout, "write");
        try {
            // The spies see what the SDK prints: a client built now prints each call.
            await jdVmClient(cloud.emu.port).describeImages({ imageSource: "private" });
            expect(log.mock.calls.length).toBeGreaterThan(0);
            log.mockClear();
            write.mockClear();
            const { id, outs } = await jd().create(await checked());
            await jd().delete(id, outs);
            expect(log).not.toHaveBeenCalled();
            expect(write).not.toHaveBeenCalled();
        } finally {
            log.mockRestore();
            write.mockRestore();
        }
    });

    test("a failed task gives its errorInfo and keeps the image", async () => {
        const e = await rejection(jd().create(await checked({ imageUrl: `${JD_OSS}/fail-corrupt.qcow2` })));
        expect(e).toBeInstanceOf(InitError);
        expect(e.message).toMatch(/failed to import: the import task \d+ failed: Image file check failed/);
        expect(e.message).toMatch(/change imageUrl/);
        expect(e.properties).toMatchObject({ imageId: e.id, imageStatus: "error", taskId: expect.stringMatching(/^\d+$/) });
        expect(images()).toHaveLength(1);
        // The reason is the task's: read in pages that both published ranges allow.
        expect(calls("imageTasks").length).toBeGreaterThan(0);
        expect(calls("imageTasks").every((l) => l.params?.pageSize === "10" && l.params?.taskAction === "ImportImage")).toBe(true);
        await jd().delete(e.id, e.properties);
        expect(snapshots()).toEqual([]);
    });

    test("the older answer shape: an integer importTaskId, and the failure's reason in the task's message", async () => {
        cloud.emu.options.jdcloudTaskShape = "older";
        const { id, outs } = await jd().create(await checked());
        expect(outs).toMatchObject({ imageId: id, imageStatus: "ready", taskId: expect.stringMatching(/^\d+$/) });
        const e = await rejection(jd().create(await checked({ __imageImport: { token: "token-failing" }, imageUrl: `${JD_OSS}/fail-corrupt.qcow2` })));
        expect(e.message).toMatch(/failed to import: the import task \d+ failed: Image file check failed/);
    });

    test("a lost answer: the retry sends the same clientToken and JD answers with the same image", async () => {
        // The listing does not show the image yet, so its mark cannot find it: the clientToken answers.
        cloud.emu.options.listingLagMs = 5000;
        cloud.emu.faults.add({ cloud: "jdcloud-vm", action: "importImage", times: 1, mode: "drop" });
        const { id, outs } = await jd().create(await checked());
        expect(outs.imageStatus).toBe("ready");
        expect(images().map((i: any) => i.id)).toEqual([id]);
        const tokens = calls("importImage").map((l) => l.params?.clientToken);
        expect(tokens).toHaveLength(2);
        expect(new Set(tokens).size).toBe(1);
    });

    test("a replacement, and a create after the image was deleted, import anew: the clientToken names only this create's import", async () => {
        const inputs = await checked();
        const first = await jd().create(inputs);
        // Create before delete: the same resource (the same internal token) with a new URL.
        const replacement = await jd().create(await checked({ imageUrl: `${JD_OSS}/centos-7.9.qcow2` }));
        expect(replacement.id).not.toBe(first.id);
        await jd().delete(first.id, first.outs);
        // Destroy, then up with the same inputs: JD still answers the first token, with an image that is gone.
        const again = await jd().create(inputs);
        expect([first.id, replacement.id]).not.toContain(again.id);
        expect(again.outs.imageStatus).toBe("ready");
        expect(images().map((i: any) => i.id).sort()).toEqual([replacement.id, again.id].sort());
    });

    test("the clientToken is this create's own: unique, at most 64 characters, never derived from the resource", async () => {
        const inputs = await checked();
        await jd().create(inputs);
        await jd().create(inputs);
        const tokens = calls("importImage").map((l) => String(l.params?.clientToken));
        expect(new Set(tokens).size).toBe(2);
        for (const t of tokens) expect(t.length).toBeLessThanOrEqual(64);
    });

    test("throttling is retried; a full quota (also HTTP 429) is not, and says what to do", async () => {
        cloud.emu.faults.add({ cloud: "jdcloud-vm", action: "importImage", times: 2, mode: "error", code: "RESOURCE_EXHAUSTED", httpStatus: 429 });
        const { outs } = await jd().create(await checked());
        expect(outs.imageStatus).toBe("ready");
        expect(calls("importImage").map((l) => l.errorCode ?? "ok")).toEqual(["RESOURCE_EXHAUSTED", "RESOURCE_EXHAUSTED", "ok"]);

        cloud.emu.options.imageQuota = 1;
        const before = calls("importImage").length;
        const e = await rejection(jd().create(await checked({ __imageImport: { token: "token-over-quota" } })));
        expect(e).not.toBeInstanceOf(InitError);
        expect(e.message).toMatch(/\[QUOTA_EXCEEDED\] Image quota limit exceeded \(a quota, which waiting does not clear: delete unused images/);
        expect(calls("importImage")).toHaveLength(before + 1);
    });

    test("a presigned URL's signature is in the request only: never in outputs or errors", async () => {
        const signed = `${JD_OSS}/fail-signed.qcow2?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20261122&X-Amz-Signature=SECRETSIG`;
        const e = await rejection(jd().create(await checked({ imageUrl: signed })));
        expect(e).toBeInstanceOf(InitError);
        expect(e.properties.imageUrl).toBe(`${JD_OSS}/fail-signed.qcow2`);
        // The cloud got what it needs to read the object.
        expect(calls("importImage")[0].params?.imageUrl).toMatch(/^https:\/\/images\.s3-internal\.cn-north-1\.jdcloud-oss\.com\/fail-signed\.qcow2\?/);
        expect(JSON.stringify(e.properties)).not.toContain("SECRETSIG");
        expect(e.message).not.toContain("SECRETSIG");
        expect(cloud.logs.join("\n")).not.toContain("SECRETSIG");
        await jd().delete(e.id, e.properties);
    });
});

describe("update, read, delete", () => {
    test("the description is updated in place (modifyImageAttribute) and read back from desc", async () => {
        const inputs = await checked({ description: "v1" });
        const { id, outs } = await jd().create(inputs);
        const { outs: after } = await jd().update(id, outs, { ...inputs, description: "v2" });
        expect(after).toMatchObject({ imageId: id, description: "v2", imageStatus: "ready" });
        // The seal's rename (the import's mark gives way to the name), then the description.
        expect(calls("modifyImageAttribute").map((l) => l.params)).toEqual([expect.objectContaining({ imageId: id, name: "centos-7" }), expect.objectContaining({ imageId: id, description: "v2" })]);
        expect(calls("importImage")).toHaveLength(1);
        // A change made outside Pulumi comes back from `desc` too.
        await jdVmClient(cloud.emu.port).modifyImageAttribute({ imageId: id, description: "edited outside" });
        expect((await jd().read(id, after)).props).toMatchObject({ description: "edited outside" });
    });

    test("delete removes the image and its snapshot, and waits through `deleting` until it is gone", async () => {
        const { id, outs } = await jd().create(await checked());
        expect(snapshots()).toHaveLength(1);
        const started = Date.now();
        await jd().delete(id, outs);
        expect(Date.now() - started).toBeGreaterThanOrEqual(cloud.emu.options.jdcloudDeletingMs - 100);
        expect(cloud.logs.some((l) => l.includes(`${id}: delete accepted, waiting until it is gone (listed as deleting, `))).toBe(true);
        expect(calls("deleteImage").map((l) => l.params?.deleteSnapshot)).toEqual(["true"]);
        expect(images()).toEqual([]);
        expect(snapshots()).toEqual([]);
        // A refresh once the cloud's grace after the import is over (within it, a missing image is looked for again).
        const later = { ...outs, __imageImport: { ...(outs.__imageImport as object), tracking: { importedAt: Date.now() - 60_000 } } };
        expect((await jd().read(id, later)).id).toBe("");
        // Already gone (404) is done.
        await jd().delete(id, outs);
    });

    test("an image another delete already started is waited out, not deleted twice", async () => {
        const { id, outs } = await jd().create(await checked());
        await jdVmClient(cloud.emu.port).deleteImage({ imageId: id, deleteSnapshot: true });
        await jd().delete(id, outs);
        expect(calls("deleteImage").map((l) => l.errorCode ?? "ok")).toEqual(["ok", "FAILED_PRECONDITION"]);
        expect(images()).toEqual([]);
    });
});

describe("credentials and endpoint", () => {
    const settings = (config: Record<string, string>, env: NodeJS.ProcessEnv = {}) => new Settings({ get: (k) => config[k] }, env);
    const connectError = (s: Settings): unknown => {
        try {
            connectJdVm(s, { region: JD_REGION });
        } catch (e) {
            return e;
        }
        return undefined;
    };

    test("from stack config or from JDCLOUD_* variables, both reaching the emulator", async () => {
        const endpoint = { "imageImport:endpoint": cloud.emu.url };
        await connectJdVm(settings({ ...endpoint, ...JD_CONFIG }), { region: JD_REGION }).describe([{ id: "img-none" }]);
        await connectJdVm(settings(endpoint, { JDCLOUD_ACCESS_KEY: JD_KEY.id, JDCLOUD_SECRET_KEY: JD_KEY.secret }), { region: JD_REGION }).describe([{ id: "img-none" }]);
        expect(calls("describeImages").map((l) => l.status)).toEqual([200, 200]);
        // The region falls back to jdcloud:region, then JDCLOUD_REGION.
        expect(() => connectJdVm(settings(JD_CONFIG, { JDCLOUD_REGION: "cn-east-2" }), {})).not.toThrow();
        expect(() => connectJdVm(settings(JD_CONFIG), {})).toThrow(/^region: not set on the resource, in `jdcloud:region` or in JDCLOUD_REGION$/);
    });

    test("never mixed: a key in config with the secret only in the environment is incomplete, naming what is missing", () => {
        const e = connectError(settings({ "jdcloud:accessKey": "JDC_ONLY_KEY" }, { JDCLOUD_SECRET_KEY: "env-secret" }));
        expect(e).toBeInstanceOf(ConfigError);
        expect(String(e)).toMatch(/Incomplete JD Cloud credentials: jdcloud:secretKey is not set \(jdcloud:accessKey is, in stack config\); both must come from stack config/);
        expect(String(e)).not.toContain("JDC_ONLY_KEY");
        expect(String(connectError(settings({}, { JDCLOUD_SECRET_KEY: "env-secret" })))).toMatch(/JDCLOUD_ACCESS_KEY is not set \(JDCLOUD_SECRET_KEY is, in the environment\)/);
        expect(String(connectError(settings({}, { JDCLOUD_SECRET_KEY: "env-secret" })))).not.toContain("env-secret");
    });

    test("none at all: how to set them, and how to use the emulator instead", () => {
        const e = connectError(settings({}));
        expect(e).toBeInstanceOf(ConfigError);
        expect(String(e)).toMatch(/No JD Cloud credentials: run `pulumi config set jdcloud:accessKey <key>` and `pulumi config set --secret jdcloud:secretKey <secret>`, or set JDCLOUD_ACCESS_KEY and JDCLOUD_SECRET_KEY/);
        expect(String(e)).toMatch(/pulumi-image-import-emulator/);
    });

    test("create fails with the missing credential before any call", async () => {
        delete cloud.config["jdcloud:accessKey"];
        const e = await rejection(jd().create(jdInputs()));
        expect(e.message).toMatch(/^Incomplete JD Cloud credentials: jdcloud:accessKey is not set/);
        expect(cloud.emu.log.query()).toHaveLength(0);
    });

    test("wrong credentials are named as such", async () => {
        cloud.config["jdcloud:secretKey"] = "JDC_NOT_THE_SECRET_KEY_0000000000";
        const e = await rejection(jd().create(await checked()));
        expect(e.message).toMatch(/\[ACCESS_ERROR\].*JD Cloud refused the credentials: check jdcloud:accessKey and jdcloud:secretKey/);
        expect(images()).toEqual([]);
    });

    test("the endpoint is vm.jdcloud-api.com over https unless imageImport:endpoint overrides it", () => {
        const endpointOf = (s: Settings) => (connectJdVm(s, { region: JD_REGION }) as any).client.config.endpoint;
        expect(endpointOf(settings(JD_CONFIG))).toEqual({ host: "vm.jdcloud-api.com", protocol: "https" });
        expect(endpointOf(settings({ ...JD_CONFIG, "imageImport:endpoint": "http://127.0.0.1:4566" }))).toEqual({ host: "127.0.0.1:4566", protocol: "http" });
    });
});

describe("errors", () => {
    const jdError = (status: string, code: number, message = "m") => ({ requestId: "r", error: { code, status, message } });
    test.each([
        [jdError("RESOURCE_EXHAUSTED", 429), "throttled"],
        [jdError("QUOTA_EXCEEDED", 429), "other"],
        [jdError("INTERNAL", 500), "transient"],
        [jdError("UNKNOWN", 500), "transient"],
        [jdError("NOT_FOUND", 404), "not-found"],
        [jdError("ACCESS_ERROR", 401), "auth"],
        [jdError("UNAUTHENTICATED", 401), "auth"],
        [jdError("PERMISSION_DENIED", 403), "auth"],
        [jdError("FAILED_PRECONDITION", 400), "busy"],
        [jdError("CONFLICT", 400), "invalid"],
        [jdError("INVALID_ARGUMENT", 400), "invalid"],
        [jdError("OUT_OF_RANGE", 400), "invalid"],
        [{ requestId: "" }, "transient"],
        [new FetchError("request to http://127.0.0.1:1/v1/regions/cn-north-1/images failed, reason: connect ECONNREFUSED", "system", { code: "ECONNREFUSED" } as any), "transient"],
        [new Error("Missing the required parameter 'opts.imageId' when calling deleteImage"), "other"],
    ])("%j is %s", (e, kind) => {
        expect(jdcloudError("JD Cloud VM", "describeImages", e).kind).toBe(kind);
    });

    test("a call that never answers gives up as transient (the SDK has no timeout)", async () => {
        const hung = { describeImages: () => new Promise(() => undefined) } as any;
        const caller = new ApiCaller({ cloud: "JD Cloud VM", scope: "test", limits: {}, normalize: (e, action) => jdcloudError("JD Cloud VM", action, e), retries: 0 });
        const e = await rejection(new JdVmApi(hung, caller, "acct", JD_REGION, 50).describe([{ id: "img-x" }]));
        expect(e).toBeInstanceOf(CloudError);
        expect(e).toMatchObject({ kind: "transient", code: "RequestTimeout" });
    });
});

test("a replacement with the same inputs (forced, or after a rename outside) is a new create: never the old image back", async () => {
    const first = await checked();
    const old = await jd().create(first);
    // The engine checks a replacement's inputs afresh, with no old ones: nothing but the create itself tells them apart.
    const { inputs: again } = await jd().check({}, jdInputs());
    const replacement = await jd().create(again!);
    expect(replacement.id).not.toBe(old.id);
    expect(images()).toHaveLength(2);
});
