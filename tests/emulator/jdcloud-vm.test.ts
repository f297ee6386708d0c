import * as http from "http";
import type { AddressInfo } from "net";
import { EmulatorControl, startEmulator, TEST_CREDENTIALS, type Emulator } from "../../emulator";
import { JD_PLATFORMS } from "./jdcloud-helpers";

// The official SDK, silenced before any client exists (its default logger prints every request).
const JDCloud = require("jdcloud-sdk-js/src/lib/core");
JDCloud.config.update({ logger: () => {} });
const VM = require("jdcloud-sdk-js/src/services/vm");

const [KEY] = TEST_CREDENTIALS.jdcloud;
const OTHER = { id: "JDC_OTHER_ACCESS_KEY_000000000000", secret: "JDC_OTHER_SECRET_KEY_0000000000000", account: "otherpin" };
const IMPORT_MS = 10_000;
/** How long a deleted image stays `deleting` in these tests. */
const DELETING_MS = 3000;

let emu: Emulator;
let control: EmulatorControl;

beforeAll(async () => {
    emu = await startEmulator({
        importDelayMs: IMPORT_MS,
        credentials: { ...TEST_CREDENTIALS, jdcloud: [KEY, OTHER] },
    });
    control = new EmulatorControl(emu.url);
});
afterAll(() => emu.close());
beforeEach(async () => {
    await control.reset();
    await control.setOptions({
        rateLimits: true,
        signatures: "strict",
        imageQuota: 500,
        rateLimitOverrides: {},
        listingLagMs: 0,
        jdcloudTaskShape: "current",
        jdcloudSnapshotQuota: 500,
        jdcloudDeletingMs: DELETING_MS,
    });
});

function vmClient(opts: { port?: number; id?: string; secret?: string } = {}) {
    return new VM({
        credentials: { accessKeyId: opts.id ?? KEY.id, secretAccessKey: opts.secret ?? KEY.secret },
        regionId: "cn-north-1",
        endpoint: { host: `127.0.0.1:${opts.port ?? emu.port}`, protocol: "http" },
    });
}

const IMPORT = {
    architecture: "x86_64",
    osType: "linux",
    platform: "CentOS",
    diskFormat: "qcow2",
    systemDiskSizeGB: 40,
    imageUrl: "https://images.s3.cn-north-1.jdcloud-oss.com/centos/7.6.qcow2",
    osVersion: "7.6",
    imageName: "my-image",
    description: "my description",
};
const FAILING_URL = "https://images.s3.cn-north-1.jdcloud-oss.com/fail/broken.qcow2";

/** The SDK rejects with the parsed error body, a plain object (not an Error). */
async function rejection(p: Promise<unknown>): Promise<any> {
    try {
        await p;
    } catch (e) {
        return e;
    }
    throw new Error("expected the call to be rejected");
}

function expectJdError(err: any, httpStatus: number, status: string, message?: string | RegExp) {
    expect(err).not.toBeInstanceOf(Error);
    expect(err.requestId).toMatch(/^[0-9a-z]{32}$/);
    expect(err.responseObj.status).toBe(httpStatus);
    expect(err.responseObj.headers.get("x-jdcloud-request-id")).toBe(err.requestId);
    expect(err.error.code).toBe(httpStatus);
    expect(err.error.status).toBe(status);
    if (typeof message === "string") expect(err.error.message).toBe(message);
    else if (message) expect(err.error.message).toMatch(message);
}

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe("importImage", () => {
    test("answers {requestId, result: {imageId, taskId}} with img- + 10 characters and a numeric string task id", async () => {
        const res = await vmClient().importImage(IMPORT);
        expect(res.requestId).toMatch(/^[0-9a-z]{32}$/);
        expect(res.responseObj.status).toBe(200);
        expect(res.responseObj.headers.get("x-jdcloud-request-id")).toBe(res.requestId);
        expect(Object.keys(res.result).sort()).toEqual(["imageId", "taskId"]);
        expect(res.result.imageId).toMatch(/^img-[0-9a-z]{10}$/);
        expect(res.result.taskId).toMatch(/^\d+$/);
    });

    test("moves the task pending → running with rising progress → finished, and the image pending → ready", async () => {
        const vm = vmClient();
        const { result } = await vm.importImage(IMPORT);
        const task = async () => (await vm.imageTasks({ taskAction: "ImportImage", taskIds: [result.taskId] })).result.taskSet[0];
        const image = async () => (await vm.describeImage({ imageId: result.imageId })).result.image;

        const queued = await task();
        expect([queued.taskStatus, queued.progress]).toEqual(["pending", 0]);
        expect(queued).not.toHaveProperty("finishedTime");
        expect((await image()).status).toBe("pending");

        const seen: number[] = [];
        for (const step of [3000, 3000, 3000]) {
            await control.advanceClock(step);
            const t = await task();
            expect(t.taskStatus).toBe("running");
            seen.push(t.progress);
            const img = await image();
            expect(img.status).toBe("pending");
            // The image reports its task's progress as a string; read later, it can only be further along.
            expect(img.progress).toMatch(/^\d+$/);
            expect(Number(img.progress)).toBeGreaterThanOrEqual(t.progress);
            expect(Number(img.progress)).toBeLessThan(100);
        }
        expect(seen[0]).toBeGreaterThan(0);
        expect(seen[1]).toBeGreaterThan(seen[0]);
        expect(seen[2]).toBeGreaterThan(seen[1]);
        expect(seen[2]).toBeLessThan(100);

        await control.advanceClock(1500);
        const done = await task();
        expect(done).toMatchObject({ taskId: result.taskId, action: "ImportImage", taskStatus: "finished", progress: 100 });
        expect(done).not.toHaveProperty("errorInfo");
        expect(done.finishedTime).toMatch(TIME);
        const img = await image();
        expect(img.status).toBe("ready");
        expect(img.progress).toBe("100");
    });

    test("an imageUrl with the failure marker ends in task failed (with errorInfo) and image error", async () => {
        const vm = vmClient();
        const { result } = await vm.importImage({ ...IMPORT, imageUrl: FAILING_URL });
        await control.advanceClock(IMPORT_MS + 1);
        const t = (await vm.imageTasks({ taskAction: "ImportImage", taskIds: [result.taskId] })).result.taskSet[0];
        expect(t.taskStatus).toBe("failed");
        expect(t.errorInfo).not.toBe("");
        expect(t.progress).toBeLessThan(100);
        expect((await vm.describeImage({ imageId: result.imageId })).result.image.status).toBe("error");
    });

    test("the same clientToken returns the same imageId and taskId and imports only once", async () => {
        const vm = vmClient();
        const first = await vm.importImage({ ...IMPORT, clientToken: "tok-1" });
        const again = await vm.importImage({ ...IMPORT, clientToken: "tok-1" });
        expect(again.result).toEqual(first.result);
        expect(again.requestId).not.toBe(first.requestId);
        const quotas = await vm.describeQuotas({ filters: [{ name: "resourceTypes", values: ["image"] }] });
        expect(quotas.result.quotas[0].used).toBe(1);

        const other = await vm.importImage({ ...IMPORT, clientToken: "tok-2" });
        expect(other.result.imageId).not.toBe(first.result.imageId);
        expect(other.result.taskId).not.toBe(first.result.taskId);
        expectJdError(await rejection(vm.importImage({ ...IMPORT, clientToken: "t".repeat(65) })), 400, "INVALID_ARGUMENT");
    });

    test("validates every documented field with the documented status", async () => {
        await control.setOptions({ rateLimits: false });
        const vm = vmClient();
        const cases: [Record<string, unknown>, string, string?][] = [
            [{ architecture: "i686" }, "INVALID_ARGUMENT"],
            [{ osType: "macos" }, "INVALID_ARGUMENT"],
            [{ platform: "Debian" }, "INVALID_ARGUMENT"],
            [{ diskFormat: "iso" }, "INVALID_ARGUMENT"],
            [{ imageName: "" }, "INVALID_ARGUMENT", "Parameter imageName missing"],
            [{ imageName: "has space" }, "INVALID_ARGUMENT"],
            [{ imageName: "x".repeat(33) }, "INVALID_ARGUMENT"],
            [{ description: "d".repeat(257) }, "INVALID_ARGUMENT"],
            [{ systemDiskSizeGB: 30 }, "OUT_OF_RANGE"],
            [{ systemDiskSizeGB: 510 }, "OUT_OF_RANGE"],
            [{ systemDiskSizeGB: 45 }, "OUT_OF_RANGE", "SystemDiskSizeGB must be multiple of 10"],
            [{ systemDiskSizeGB: "40" }, "INVALID_ARGUMENT"],
            [{ imageUrl: "" }, "INVALID_ARGUMENT", "Parameter imageUrl missing"],
            [{ imageUrl: "https://example.com/a.qcow2" }, "INVALID_ARGUMENT"],
            [{ imageUrl: "https://images.s3.cn-east-2.jdcloud-oss.com/a.qcow2" }, "CONFLICT", "OssRegion 'cn-east-2' not match current region 'cn-north-1'"],
            [{ imageUrl: "https://images.oss.cn-south-1.jcloudcs.com/a.qcow2" }, "CONFLICT", "OssRegion 'cn-south-1' not match current region 'cn-north-1'"],
            [{ forceImport: "yes" }, "INVALID_ARGUMENT"],
            [{ clientToken: "c".repeat(65) }, "INVALID_ARGUMENT"],
        ];
        for (const [patch, status, message] of cases) {
            const err = await rejection(vm.importImage({ ...IMPORT, ...patch }));
            expectJdError(err, 400, status, message);
        }
        const quotas = await vm.describeQuotas({});
        expect(quotas.result.quotas[0].used).toBe(0);
    });

    test("accepts the boundaries: Chinese names, 32 characters, 256-character descriptions, 40 and 500 GB", async () => {
        const vm = vmClient();
        for (const patch of [
            { imageName: "镜像_Image-1" },
            { imageName: "n".repeat(32), description: "描".repeat(256) },
            { systemDiskSizeGB: 500, architecture: "arm64", diskFormat: "raw", forceImport: true },
            { osType: "windows", platform: "Windows Server", diskFormat: "vhd" },
        ]) {
            const res = await vm.importImage({ ...IMPORT, ...patch });
            expect(res.result.imageId).toMatch(/^img-/);
        }
    });

    test.each(JD_PLATFORMS)("imports platform %s (osType %s), which describeImage reports and describeImages filters by", async (platform, osType) => {
        const vm = vmClient();
        const { result } = await vm.importImage({ ...IMPORT, platform, osType });
        expect((await vm.describeImage({ imageId: result.imageId })).result.image).toMatchObject({ platform, osType });
        const listed = await vm.describeImages({ imageSource: "private", platform });
        expect(listed.result.images.map((i: { imageId: string }) => i.imageId)).toEqual([result.imageId]);
    });

    test("the SDK refuses a call without a required field before anything reaches the wire", async () => {
        const { imageUrl: _omitted, ...withoutUrl } = IMPORT;
        expect(() => vmClient().importImage(withoutUrl)).toThrow(/imageUrl/);
        expect(await control.requests({ cloud: "jdcloud-vm" })).toEqual([]);
    });

    test("keeps images per region: another region's import uses that region's OSS and is invisible elsewhere", async () => {
        const vm = vmClient();
        const { result } = await vm.importImage({ ...IMPORT, imageUrl: "https://b.oss.cn-east-2.jcloudcs.com/x.vmdk" }, "cn-east-2");
        expect((await vm.describeImage({ imageId: result.imageId }, "cn-east-2")).result.image.imageId).toBe(result.imageId);
        expectJdError(await rejection(vm.describeImage({ imageId: result.imageId })), 404, "NOT_FOUND");
    });

    test("a full image quota answers 429 QUOTA_EXCEEDED", async () => {
        await control.setOptions({ imageQuota: 2 });
        const vm = vmClient();
        await vm.importImage(IMPORT);
        await vm.importImage(IMPORT);
        expectJdError(await rejection(vm.importImage(IMPORT)), 429, "QUOTA_EXCEEDED", "Image quota limit exceeded");
        // A token seen before still answers with its earlier result.
        await control.setOptions({ imageQuota: 3 });
        const first = await vm.importImage({ ...IMPORT, clientToken: "q" });
        expect((await vm.importImage({ ...IMPORT, clientToken: "q" })).result).toEqual(first.result);
    });
});

describe("imageTasks", () => {
    test("filters by task ids, status and time, and pages", async () => {
        await control.setOptions({ rateLimits: false });
        const vm = vmClient();
        const ok = (await vm.importImage(IMPORT)).result;
        const bad = (await vm.importImage({ ...IMPORT, imageUrl: FAILING_URL })).result;
        await control.advanceClock(IMPORT_MS + 1);
        const late = (await vm.importImage(IMPORT)).result;

        const all = (await vm.imageTasks({ taskAction: "ImportImage" })).result;
        expect(all.totalCount).toBe(3);
        expect(all.taskSet.map((t: any) => t.taskId).sort()).toEqual([ok.taskId, bad.taskId, late.taskId].sort());
        for (const t of all.taskSet) {
            expect(t.createdTime).toMatch(TIME);
            expect(typeof t.progress).toBe("number");
            expect(t).toMatchObject({ action: "ImportImage", imageName: "my-image" });
            expect(t).not.toHaveProperty("message");
        }

        const byIds = (await vm.imageTasks({ taskAction: "ImportImage", taskIds: [ok.taskId, bad.taskId] })).result;
        expect(byIds.taskSet.map((t: any) => [t.taskId, t.taskStatus, t.imageId]).sort()).toEqual(
            [[ok.taskId, "finished", ok.imageId], [bad.taskId, "failed", bad.imageId]].sort(),
        );
        const failed = (await vm.imageTasks({ taskAction: "ImportImage", taskStatus: "failed" })).result;
        expect(failed.taskSet.map((t: any) => t.taskId)).toEqual([bad.taskId]);
        const pending = (await vm.imageTasks({ taskAction: "ImportImage", taskStatus: "pending" })).result;
        expect(pending.taskSet.map((t: any) => t.taskId)).toEqual([late.taskId]);

        const lateTask = pending.taskSet[0];
        const since = (await vm.imageTasks({ taskAction: "ImportImage", startTime: lateTask.createdTime })).result;
        expect(since.taskSet.map((t: any) => t.taskId)).toEqual([late.taskId]);
        const badTask = all.taskSet.find((t: any) => t.taskId === bad.taskId);
        const until = (await vm.imageTasks({ taskAction: "ImportImage", endTime: badTask.createdTime })).result;
        expect(until.totalCount).toBe(2);

        const page2 = (await vm.imageTasks({ taskAction: "ImportImage", pageSize: 10, pageNumber: 2 })).result;
        expect(page2).toEqual({ taskSet: [], totalCount: 3 });
        expect((await vm.imageTasks({ taskAction: "ExportImage" })).result).toEqual({ taskSet: [], totalCount: 0 });
    });

    test("rejects a missing or unknown taskAction, unknown taskStatus, bad times and out-of-range paging", async () => {
        const vm = vmClient();
        expectJdError(await rejection(vm.imageTasks({})), 400, "INVALID_ARGUMENT", "Parameter taskAction missing");
        expectJdError(await rejection(vm.imageTasks({ taskAction: "CopyImage" })), 400, "INVALID_ARGUMENT");
        expectJdError(await rejection(vm.imageTasks({ taskAction: "ImportImage", taskStatus: "done" })), 400, "INVALID_ARGUMENT");
        expectJdError(await rejection(vm.imageTasks({ taskAction: "ImportImage", startTime: "yesterday" })), 400, "INVALID_ARGUMENT");
        expectJdError(await rejection(vm.imageTasks({ taskAction: "ImportImage", pageSize: 0 })), 400, "OUT_OF_RANGE");
        expectJdError(await rejection(vm.imageTasks({ taskAction: "ImportImage", pageSize: 11 })), 400, "OUT_OF_RANGE");
        expectJdError(await rejection(vm.imageTasks({ taskAction: "ImportImage", pageNumber: 0 })), 400, "OUT_OF_RANGE");
        expectJdError(await rejection(vm.imageTasks({ taskAction: "ImportImage", pageSize: "many" })), 400, "INVALID_ARGUMENT");
    });
});

describe("describeImage", () => {
    test("returns the full Image shape, with the description as desc", async () => {
        const vm = vmClient();
        const { result } = await vm.importImage(IMPORT);
        await control.advanceClock(IMPORT_MS + 1);
        const { image } = (await vm.describeImage({ imageId: result.imageId })).result;
        expect(image).toEqual({
            imageId: result.imageId,
            name: "my-image",
            platform: "CentOS",
            osVersion: "7.6",
            architecture: "x86_64",
            systemDiskSizeGB: 40,
            imageSource: "private",
            osType: "linux",
            status: "ready",
            createTime: expect.stringMatching(TIME),
            sizeMB: expect.any(Number),
            desc: "my description",
            ownerPin: KEY.account,
            loginName: "root",
            launchPermission: "ownerOnly",
            systemDisk: {
                diskCategory: "cloud",
                autoDelete: true,
                deviceName: "vda",
                cloudDisk: { diskSizeGB: 40, diskType: "ssd.gp1", snapshotId: expect.stringMatching(/^snapshot-[0-9a-z]{10}$/), encrypted: false },
            },
            snapshotId: image.systemDisk.cloudDisk.snapshotId,
            rootDeviceType: "cloudDisk",
            progress: "100",
            offline: false,
            imported: true,
            bootMode: "bios",
        });
        expect(image.sizeMB).toBeGreaterThan(0);
        expect(image).not.toHaveProperty("description");
    });

    test("answers 404 NOT_FOUND for an unknown id and for another account's image", async () => {
        expectJdError(await rejection(vmClient().describeImage({ imageId: "img-nothere01" })), 404, "NOT_FOUND", "Image 'img-nothere01' not found");
        const { result } = await vmClient({ id: OTHER.id, secret: OTHER.secret }).importImage(IMPORT);
        expectJdError(await rejection(vmClient().describeImage({ imageId: result.imageId })), 404, "NOT_FOUND", `Image '${result.imageId}' not found`);
    });
});

describe("describeImages", () => {
    test("lists private images by ids, fuzzy name, status and pages", async () => {
        await control.setOptions({ rateLimits: false });
        const vm = vmClient();
        const a = (await vm.importImage({ ...IMPORT, imageName: "web-Server-a" })).result;
        await control.advanceClock(IMPORT_MS + 1);
        const b = (await vm.importImage({ ...IMPORT, imageName: "db-server-b" })).result;

        const all = (await vm.describeImages({ imageSource: "private" })).result;
        expect(all.totalCount).toBe(2);
        expect(all.images.map((i: any) => i.imageId).sort()).toEqual([a.imageId, b.imageId].sort());
        expect((await vm.describeImages({ ids: [b.imageId, "img-unknown000"] })).result.images.map((i: any) => i.imageId)).toEqual([b.imageId]);
        expect((await vm.describeImages({ imageSource: "private", imageName: "SERVER-A" })).result.images.map((i: any) => i.name)).toEqual(["web-Server-a"]);
        expect((await vm.describeImages({ imageSource: "private", status: "pending" })).result.images.map((i: any) => i.imageId)).toEqual([b.imageId]);
        expect((await vm.describeImages({ imageSource: "private", status: "ready" })).result.images.map((i: any) => i.imageId)).toEqual([a.imageId]);
        expect((await vm.describeImages({ imageSource: "public" })).result).toEqual({ images: [], totalCount: 0 });
        expect((await vm.describeImages({ imageSource: "private", pageNumber: 2, pageSize: 10 })).result).toEqual({ images: [], totalCount: 2 });
        expect((await vm.describeImages({ imageSource: "private", architecture: "arm64" })).result.totalCount).toBe(0);
    });

    test("with a listing lag, a new image is missing from listings until the lag has passed; ids and describeImage see it at once", async () => {
        await control.setOptions({ listingLagMs: 30_000 });
        const vm = vmClient();
        const { imageId } = (await vm.importImage(IMPORT)).result;
        expect((await vm.describeImages({ imageSource: "private" })).result).toEqual({ images: [], totalCount: 0 });
        expect((await vm.describeImages({ imageSource: "private", imageName: IMPORT.imageName })).result.totalCount).toBe(0);
        expect((await vm.describeImages({ ids: [imageId] })).result.images.map((i: any) => i.imageId)).toEqual([imageId]);
        expect((await vm.describeImage({ imageId })).result.image.imageId).toBe(imageId);
        await control.advanceClock(30_000);
        expect((await vm.describeImages({ imageSource: "private" })).result.images.map((i: any) => i.imageId)).toEqual([imageId]);
    });

    test("requires imageSource unless ids are given and checks enums and page sizes", async () => {
        const vm = vmClient();
        expectJdError(await rejection(vm.describeImages({})), 400, "INVALID_ARGUMENT", "Parameter imageSource missing");
        expectJdError(await rejection(vm.describeImages({ imageSource: "mine" })), 400, "INVALID_ARGUMENT");
        expectJdError(await rejection(vm.describeImages({ imageSource: "private", status: "gone" })), 400, "INVALID_ARGUMENT");
        expectJdError(await rejection(vm.describeImages({ imageSource: "private", pageSize: 5 })), 400, "OUT_OF_RANGE");
        expectJdError(await rejection(vm.describeImages({ imageSource: "private", pageSize: 200 })), 400, "OUT_OF_RANGE");
        expect((await vm.describeImages({ ids: ["img-unknown000"] })).result).toEqual({ images: [], totalCount: 0 });
    });
});

describe("modifyImageAttribute", () => {
    test("is refused while the import runs, then renames and re-describes (description in, desc out)", async () => {
        const vm = vmClient();
        const { result } = await vm.importImage(IMPORT);
        expectJdError(
            await rejection(vm.modifyImageAttribute({ imageId: result.imageId, name: "renamed" })),
            400,
            "FAILED_PRECONDITION",
            `Conflict with underlay image task '${result.taskId}'`,
        );
        await control.advanceClock(IMPORT_MS + 1);
        const res = await vm.modifyImageAttribute({ imageId: result.imageId, name: "renamed", description: "d2" });
        expect(res.requestId).toMatch(/^[0-9a-z]{32}$/);
        expect(res.result).toBeUndefined();
        await vm.modifyImageAttribute({ imageId: result.imageId, description: "only the description" });
        const { image } = (await vm.describeImage({ imageId: result.imageId })).result;
        expect([image.name, image.desc]).toEqual(["renamed", "only the description"]);
    });

    test("answers 400 INVALID_ARGUMENT without name and description or with a bad name, and 404 for unknown images", async () => {
        const vm = vmClient();
        const { result } = await vm.importImage(IMPORT);
        await control.advanceClock(IMPORT_MS + 1);
        expectJdError(await rejection(vm.modifyImageAttribute({ imageId: result.imageId })), 400, "INVALID_ARGUMENT", "Parameter name、description missing");
        expectJdError(await rejection(vm.modifyImageAttribute({ imageId: result.imageId, name: "no/slash" })), 400, "INVALID_ARGUMENT");
        expectJdError(await rejection(vm.modifyImageAttribute({ imageId: result.imageId, description: "x".repeat(257) })), 400, "INVALID_ARGUMENT");
        expectJdError(await rejection(vm.modifyImageAttribute({ imageId: "img-nothere01", name: "n" })), 404, "NOT_FOUND", "Image 'img-nothere01' not found");
    });
});

describe("deleteImage", () => {
    test("is refused while the import runs, then deletes ({requestId} only) and answers 404 afterwards", async () => {
        const vm = vmClient();
        const { result } = await vm.importImage(IMPORT);
        expectJdError(
            await rejection(vm.deleteImage({ imageId: result.imageId, deleteSnapshot: true })),
            400,
            "FAILED_PRECONDITION",
            `Conflict with underlay image task '${result.taskId}'`,
        );
        await control.advanceClock(IMPORT_MS + 1);
        const res = await vm.deleteImage({ imageId: result.imageId, deleteSnapshot: true });
        expect(Object.keys(res)).toEqual(["requestId", "responseObj"]);
        await control.advanceClock(DELETING_MS);
        expectJdError(await rejection(vm.describeImage({ imageId: result.imageId })), 404, "NOT_FOUND");
        expectJdError(await rejection(vm.deleteImage({ imageId: result.imageId })), 404, "NOT_FOUND", `Image '${result.imageId}' not found`);
    });

    test("deletes a failed import's image, keeping its task in the history", async () => {
        const vm = vmClient();
        const { result } = await vm.importImage({ ...IMPORT, imageUrl: FAILING_URL });
        await control.advanceClock(IMPORT_MS + 1);
        await vm.deleteImage({ imageId: result.imageId, deleteSnapshot: false });
        const t = (await vm.imageTasks({ taskAction: "ImportImage", taskIds: [result.taskId] })).result.taskSet[0];
        expect(t.taskStatus).toBe("failed");
    });
});

describe("describeQuotas", () => {
    test("reports the image quota's limit and use", async () => {
        await control.setOptions({ imageQuota: 7 });
        const vm = vmClient();
        await vm.importImage(IMPORT);
        const res = await vm.describeQuotas({ filters: [{ name: "resourceTypes", values: ["image"] }] });
        expect(res.result).toEqual({ quotas: [{ resourceType: "image", limit: 7, used: 1 }] });
        expect((await vm.describeQuotas({ filters: [{ name: "resourceTypes", values: ["keypair"] }] })).result).toEqual({ quotas: [] });
    });

    test("rejects unknown filters and resource types, and imageShare without imageId", async () => {
        const vm = vmClient();
        expectJdError(await rejection(vm.describeQuotas({ filters: [{ name: "resourceTypes", values: ["disk"] }] })), 400, "INVALID_ARGUMENT");
        expectJdError(await rejection(vm.describeQuotas({ filters: [{ name: "type", values: ["image"] }] })), 400, "INVALID_ARGUMENT");
        expectJdError(await rejection(vm.describeQuotas({ filters: [{ name: "resourceTypes", values: ["imageShare"] }] })), 400, "INVALID_ARGUMENT");
    });
});

/** A man in the middle: forwards the SDK's request to the emulator after `tamper` changed it. */
async function startProxy(tamper: (r: { path: string; headers: http.IncomingHttpHeaders; body: Buffer }) => void) {
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const r = { path: req.url ?? "/", headers: { ...req.headers }, body: Buffer.concat(chunks) };
            tamper(r);
            if (r.body.length) r.headers["content-length"] = String(r.body.length);
            const out = http.request({ host: "127.0.0.1", port: emu.port, method: req.method, path: r.path, headers: r.headers, agent: false }, (up) => {
                res.writeHead(up.statusCode ?? 502, up.headers);
                up.pipe(res);
            });
            out.end(r.body);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}

describe("authentication", () => {
    test("answers the gateway's 401 ACCESS_ERROR for a wrong secret and an unknown key", async () => {
        expectJdError(
            await rejection(vmClient({ secret: "wrong-secret" }).describeImages({ imageSource: "private" })),
            401,
            "ACCESS_ERROR",
            "sign result is not same [gw]",
        );
        const err = await rejection(vmClient({ id: "JDC_NOBODY", secret: KEY.secret }).describeImages({ imageSource: "private" }));
        expectJdError(err, 401, "ACCESS_ERROR", /\[gw\]$/);
        expect(JSON.stringify(err.error)).not.toContain(KEY.secret);
    });

    test("answers 401 when x-jdcloud-date is more than 15 minutes from the emulator's clock", async () => {
        const vm = vmClient();
        await control.setClock(Date.now() + 16 * 60_000);
        expectJdError(await rejection(vm.describeImages({ imageSource: "private" })), 401, "ACCESS_ERROR", /15 minutes/);
        await control.setClock(Date.now() - 16 * 60_000);
        expectJdError(await rejection(vm.describeImages({ imageSource: "private" })), 401, "ACCESS_ERROR", /15 minutes/);
        await control.setClock(Date.now() + 14 * 60_000);
        expect((await vm.describeImages({ imageSource: "private" })).result.totalCount).toBe(0);
    });

    test("verifies the Host header as sent (with the proxy's port) and rejects a tampered body, query, path or Host", async () => {
        const cases: [string, (r: { path: string; headers: http.IncomingHttpHeaders; body: Buffer }) => void, number][] = [
            ["untouched", () => {}, 200],
            ["body", (r) => (r.body = Buffer.from(r.body.toString().replace("my-image", "my-imagf"))), 401],
            ["host port", (r) => (r.headers.host = `127.0.0.1:${emu.port}`), 401],
        ];
        for (const [label, tamper, expected] of cases) {
            const proxy = await startProxy(tamper);
            try {
                const vm = vmClient({ port: proxy.port });
                if (expected === 200) expect((await vm.importImage(IMPORT)).result.imageId).toMatch(/^img-/);
                else expectJdError(await rejection(vm.importImage(IMPORT)), 401, "ACCESS_ERROR", "sign result is not same [gw]");
            } catch (e) {
                throw new Error(`${label}: ${e instanceof Error ? e.message : JSON.stringify(e)}`);
            } finally {
                await proxy.close();
            }
        }
        const query = await startProxy((r) => (r.path = r.path.replace("pageSize=10", "pageSize=11")));
        const path = await startProxy((r) => (r.path = r.path.replace("img-nothere01", "img-nothere02")));
        try {
            expectJdError(await rejection(vmClient({ port: query.port }).describeImages({ imageSource: "private", pageSize: 10 })), 401, "ACCESS_ERROR");
            expectJdError(await rejection(vmClient({ port: path.port }).describeImage({ imageId: "img-nothere01" })), 401, "ACCESS_ERROR");
        } finally {
            await query.close();
            await path.close();
        }
        expect((await control.state()).clouds["jdcloud-vm"].images).toHaveLength(1);
    });

    test("with signatures off, any signature of a known key passes and a raw ':' in the path routes like %3A", async () => {
        await control.setOptions({ signatures: "off" });
        expect((await vmClient({ secret: "wrong-secret" }).describeImages({ imageSource: "private" })).result.totalCount).toBe(0);
        expectJdError(await rejection(vmClient({ id: "JDC_NOBODY" }).describeImages({ imageSource: "private" })), 401, "ACCESS_ERROR");
        const proxy = await startProxy((r) => (r.path = r.path.replace("%3A", ":")));
        try {
            const res = await vmClient({ port: proxy.port }).importImage(IMPORT);
            expect(res.result.imageId).toMatch(/^img-/);
        } finally {
            await proxy.close();
        }
        const log = await control.requests({ cloud: "jdcloud-vm", action: "importImage" });
        expect(log.map((e) => e.status)).toEqual([200]);
    });
});

describe("throttling and the frame", () => {
    test("answers 429 RESOURCE_EXHAUSTED past the default 20 requests per second per action", async () => {
        const vm = vmClient();
        // Start a fresh one-second window so the whole burst falls into it.
        await control.setClock(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
        const outcomes = await Promise.all(
            Array.from({ length: 25 }, () => vm.describeQuotas({}).then(() => "ok", (e: any) => e)),
        );
        const throttled = outcomes.filter((o) => o !== "ok");
        expect(throttled).toHaveLength(5);
        for (const err of throttled) expectJdError(err, 429, "RESOURCE_EXHAUSTED", "Request rate exceeded");
        // Limits are per action: another action in the same second still passes.
        expect((await vm.describeImages({ imageSource: "private" })).result.totalCount).toBe(0);
    });

    test("honours per-action overrides of the default limit", async () => {
        await control.setOptions({ rateLimitOverrides: { "jdcloud-vm:describeImages": 2 } });
        const vm = vmClient();
        await control.setClock(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
        const outcomes = await Promise.all(
            Array.from({ length: 4 }, () => vm.describeImages({ imageSource: "private" }).then(() => "ok", (e: any) => e.error.status)),
        );
        expect(outcomes.filter((o) => o === "RESOURCE_EXHAUSTED")).toHaveLength(2);
    });

    test("renders injected faults, unserved APIs and the state snapshot in JD's terms", async () => {
        const vm = vmClient();
        await control.injectFault({ cloud: "jdcloud-vm", action: "describeImages", times: 1, mode: "error", httpStatus: 503, message: "try later" });
        expectJdError(await rejection(vm.describeImages({ imageSource: "private" })), 503, "UNAVAILABLE", "try later");
        await control.injectFault({ cloud: "jdcloud-vm", action: "describeImage", times: 1, mode: "error", code: "INTERNAL", message: "boom" });
        expectJdError(await rejection(vm.describeImage({ imageId: "img-x" })), 500, "INTERNAL", "boom");

        expectJdError(await rejection(vm.describeInstances({})), 404, "NOT_FOUND");

        const { result } = await vm.importImage(IMPORT);
        const state = (await control.state()).clouds["jdcloud-vm"];
        expect(state.images).toEqual([expect.objectContaining({ imageId: result.imageId, account: KEY.account, region: "cn-north-1", status: "pending" })]);
        expect(state.tasks).toEqual([expect.objectContaining({ taskId: result.taskId, taskStatus: "pending" })]);
        const log = await control.requests({ cloud: "jdcloud-vm" });
        expect(log.map((e) => `${e.action} ${e.status} ${e.errorCode ?? ""}`.trim())).toEqual([
            "describeImages 503 UNAVAILABLE",
            "describeImage 500 INTERNAL",
            "? 404 NOT_FOUND",
            "importImage 200",
        ]);
    });
});

describe("where the cloud is less kind", () => {
    const jdState = async () => (await control.state()).clouds["jdcloud-vm"];
    const taskOf = async (vm: any, taskId: string | number) =>
        (await vm.imageTasks({ taskAction: "ImportImage", taskIds: [String(taskId)] })).result.taskSet[0];

    /** Where a record still holds an empty string, null, empty list or empty object, which JD leaves out. */
    function emptyPaths(value: unknown, at = "$"): string[] {
        if (value === "" || value === null) return [at];
        if (Array.isArray(value)) return value.length ? value.flatMap((v, i) => emptyPaths(v, `${at}[${i}]`)) : [at];
        if (typeof value === "object") {
            const entries = Object.entries(value as object);
            return entries.length ? entries.flatMap(([k, v]) => emptyPaths(v, `${at}.${k}`)) : [at];
        }
        return [];
    }

    describe("an import's snapshot", () => {
        test("is made with the image, named by describeImage once the import has finished, and shown in the state keyed by id", async () => {
            const vm = vmClient();
            const { imageId } = (await vm.importImage(IMPORT)).result;
            const [snapshotId] = Object.keys((await jdState()).snapshots);
            expect(snapshotId).toMatch(/^snapshot-[0-9a-z]{10}$/);
            expect((await jdState()).snapshots[snapshotId]).toMatchObject({ snapshotId, imageId, account: KEY.account, region: "cn-north-1", status: "creating" });
            // Not named while the import fills it.
            const pending = (await vm.describeImage({ imageId })).result.image;
            expect(pending).not.toHaveProperty("snapshotId");
            expect(pending.systemDisk.cloudDisk).not.toHaveProperty("snapshotId");

            await control.advanceClock(IMPORT_MS);
            const ready = (await vm.describeImage({ imageId })).result.image;
            expect([ready.snapshotId, ready.systemDisk.cloudDisk.snapshotId]).toEqual([snapshotId, snapshotId]);
            expect((await jdState()).snapshots[snapshotId].status).toBe("available");
        });

        test("is kept by deleteImage unless deleteSnapshot=true, and then goes with the image", async () => {
            const vm = vmClient();
            const kept = (await vm.importImage(IMPORT)).result.imageId;
            const keptToo = (await vm.importImage(IMPORT)).result.imageId;
            const dropped = (await vm.importImage(IMPORT)).result.imageId;
            await control.advanceClock(IMPORT_MS);
            const snapshotOf = async (imageId: string) => (await vm.describeImage({ imageId })).result.image.snapshotId;
            const ids = { kept: await snapshotOf(kept), keptToo: await snapshotOf(keptToo), dropped: await snapshotOf(dropped) };

            await vm.deleteImage({ imageId: kept });
            await vm.deleteImage({ imageId: keptToo, deleteSnapshot: false });
            await vm.deleteImage({ imageId: dropped, deleteSnapshot: true });
            // While the image is deleting, the snapshot it takes along is deleting too.
            expect((await jdState()).snapshots[ids.dropped].status).toBe("deleting");
            expect((await jdState()).snapshots[ids.kept].status).toBe("available");

            await control.advanceClock(DELETING_MS);
            const state = await jdState();
            expect(state.images).toEqual([]);
            expect(Object.keys(state.snapshots).sort()).toEqual([ids.kept, ids.keptToo].sort());
            // A leftover still names the image it was made for.
            expect(state.snapshots[ids.kept]).toMatchObject({ imageId: kept, status: "available" });
        });

        test("leftovers count against the snapshot quota: 429 QUOTA_EXCEEDED while the image quota has room", async () => {
            await control.setOptions({ jdcloudSnapshotQuota: 2, jdcloudDeletingMs: 0 });
            const vm = vmClient();
            for (let i = 0; i < 2; i++) {
                const { imageId } = (await vm.importImage(IMPORT)).result;
                await control.advanceClock(IMPORT_MS);
                await vm.deleteImage({ imageId });
            }
            const quotas = await vm.describeQuotas({ filters: [{ name: "resourceTypes", values: ["image"] }] });
            expect(quotas.result.quotas[0].used).toBe(0);
            expectJdError(await rejection(vm.importImage(IMPORT)), 429, "QUOTA_EXCEEDED", "Snapshot quota limit exceeded");
            // Per account and region.
            const other = await vmClient({ id: OTHER.id, secret: OTHER.secret }).importImage(IMPORT);
            expect(other.result.imageId).toMatch(/^img-/);

            // Deleting a leftover is the disk service's business; the emulator's state shows what is left.
            expect(Object.values((await jdState()).snapshots).filter((snap: any) => snap.account === KEY.account)).toHaveLength(2);
        });

        test("a failed import leaves a failed snapshot, also kept by a plain deleteImage", async () => {
            await control.setOptions({ jdcloudDeletingMs: 0 });
            const vm = vmClient();
            const { imageId } = (await vm.importImage({ ...IMPORT, imageUrl: FAILING_URL })).result;
            await control.advanceClock(IMPORT_MS);
            const image = (await vm.describeImage({ imageId })).result.image;
            expect(image.status).toBe("error");
            expect(image).not.toHaveProperty("snapshotId");
            await vm.deleteImage({ imageId });
            expect(Object.values((await jdState()).snapshots)).toEqual([expect.objectContaining({ imageId, status: "error_create" })]);
        });
    });

    describe("two published shapes of the import answer", () => {
        test("current (the default): a string taskId; tasks say ImportImage and give a failure's reason in errorInfo", async () => {
            const vm = vmClient();
            const { result } = await vm.importImage({ ...IMPORT, imageUrl: FAILING_URL });
            expect(Object.keys(result).sort()).toEqual(["imageId", "taskId"]);
            expect(typeof result.taskId).toBe("string");
            await control.advanceClock(IMPORT_MS);
            const task = await taskOf(vm, result.taskId);
            expect(task).toMatchObject({ taskId: result.taskId, action: "ImportImage", taskStatus: "failed", errorInfo: expect.any(String) });
            expect(task.errorInfo.length).toBeGreaterThan(0);
            expect(task).not.toHaveProperty("message");
        });

        test("older: an integer importTaskId; tasks say ImportImageTask, have integer ids and give the reason in message", async () => {
            await control.setOptions({ jdcloudTaskShape: "older" });
            const vm = vmClient();
            const { result } = await vm.importImage({ ...IMPORT, imageUrl: FAILING_URL, clientToken: "older-1" });
            expect(Object.keys(result).sort()).toEqual(["imageId", "importTaskId"]);
            expect(Number.isInteger(result.importTaskId)).toBe(true);
            // The same token answers in the same shape.
            expect((await vm.importImage({ ...IMPORT, imageUrl: FAILING_URL, clientToken: "older-1" })).result).toEqual(result);

            const running = await taskOf(vm, result.importTaskId);
            expect(running).toMatchObject({ taskId: result.importTaskId, action: "ImportImageTask", taskStatus: "pending" });
            await control.advanceClock(IMPORT_MS);
            const failed = await taskOf(vm, result.importTaskId);
            expect(failed).toMatchObject({ taskId: result.importTaskId, taskStatus: "failed", message: expect.any(String) });
            expect(failed.message.length).toBeGreaterThan(0);
            expect(failed).not.toHaveProperty("errorInfo");
            // The request still names the action ImportImage.
            expect((await vm.imageTasks({ taskAction: "ImportImage" })).result.totalCount).toBe(1);
        });

        test("an unknown shape patched in at run time fails every import loudly instead of answering some shape", async () => {
            await control.setOptions({ jdcloudTaskShape: "newest" as any });
            expectJdError(await rejection(vmClient().importImage(IMPORT)), 500, "INTERNAL", /jdcloudTaskShape/);
        });
    });

    describe("imageTasks pages of at most 10", () => {
        test("accepts pageSize 1 to 10 (10 is the one size every published version accepts) and refuses 11, 20 and 100", async () => {
            await control.setOptions({ rateLimits: false });
            const vm = vmClient();
            for (let i = 0; i < 12; i++) await vm.importImage(IMPORT);
            // Without pageSize, the page is 10, not the 20 the SDK's jsdoc and the older page promise.
            const first = (await vm.imageTasks({ taskAction: "ImportImage" })).result;
            expect([first.taskSet.length, first.totalCount]).toEqual([10, 12]);
            expect((await vm.imageTasks({ taskAction: "ImportImage", pageNumber: 2 })).result.taskSet).toHaveLength(2);
            for (const pageSize of [1, 5, 10]) {
                expect((await vm.imageTasks({ taskAction: "ImportImage", pageSize })).result.taskSet).toHaveLength(pageSize);
            }
            for (const pageSize of [0, 11, 20, 100]) {
                expectJdError(await rejection(vm.imageTasks({ taskAction: "ImportImage", pageSize })), 400, "OUT_OF_RANGE", "Parameter pageSize must be in range [1, 10]");
            }
            // describeImages keeps its own range.
            expect((await vm.describeImages({ imageSource: "private", pageSize: 100 })).result.totalCount).toBe(12);
        });
    });

    describe("errors as JD's gateway gives them", () => {
        test("a bad signature is the gateway's 401 ACCESS_ERROR", async () => {
            const err = await rejection(vmClient({ secret: "wrong-secret" }).importImage(IMPORT));
            expectJdError(err, 401, "ACCESS_ERROR", "sign result is not same [gw]");
            expect((await jdState()).images).toEqual([]);
        });

        test("throttling and a full quota are both HTTP 429 with code 429; status and message tell them apart", async () => {
            await control.setOptions({ imageQuota: 1, rateLimitOverrides: { "jdcloud-vm:importImage": 2 } });
            const vm = vmClient();
            // One after another in a fresh one-second window: the first fills the quota, the third is over the rate.
            await control.setClock(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
            await vm.importImage(IMPORT);
            const quota = await rejection(vm.importImage(IMPORT));
            const throttle = await rejection(vm.importImage(IMPORT));
            expectJdError(quota, 429, "QUOTA_EXCEEDED", "Image quota limit exceeded");
            expectJdError(throttle, 429, "RESOURCE_EXHAUSTED", "Request rate exceeded");
            // The rule a client needs: retry a 429 unless it is a quota.
            const retryable = (e: any) => e.error.code === 429 && e.error.status !== "QUOTA_EXCEEDED";
            expect([retryable(quota), retryable(throttle)]).toEqual([false, true]);
        });
    });

    describe("what real answers leave out, and an image that takes a while to go", () => {
        test("describeImage, describeImages and imageTasks leave out empty and null fields", async () => {
            const vm = vmClient();
            const { description: _description, osVersion: _osVersion, ...bare } = IMPORT;
            const { imageId, taskId } = (await vm.importImage(bare)).result;
            await control.advanceClock(IMPORT_MS / 2);

            const image = (await vm.describeImage({ imageId })).result.image;
            expect(emptyPaths(image)).toEqual([]);
            for (const absent of ["desc", "osVersion", "snapshotId", "dataDisks", "expiredTime", "instanceId", "chargeInfo"]) {
                expect(image).not.toHaveProperty(absent);
            }
            // Zero and false are values, not empty ones.
            expect([image.sizeMB, image.offline]).toEqual([0, false]);
            const listed = (await vm.describeImages({ imageSource: "private" })).result.images;
            expect(listed).toEqual([image]);

            const task = await taskOf(vm, taskId);
            expect(task.taskStatus).toBe("running");
            expect(emptyPaths(task)).toEqual([]);
            for (const absent of ["errorInfo", "message", "finishedTime", "ossUrl", "ossObject"]) expect(task).not.toHaveProperty(absent);
        });

        test("a deleted image is `deleting` for jdcloudDeletingMs (busy to modify and delete, still counted), then gone", async () => {
            const vm = vmClient();
            const { imageId } = (await vm.importImage(IMPORT)).result;
            await control.advanceClock(IMPORT_MS);
            await vm.deleteImage({ imageId });

            expect((await vm.describeImage({ imageId })).result.image.status).toBe("deleting");
            expect((await vm.describeImages({ imageSource: "private", status: "deleting" })).result.images.map((i: any) => i.imageId)).toEqual([imageId]);
            expect((await vm.describeImages({ imageSource: "private", status: "ready" })).result.totalCount).toBe(0);
            const busy = `The image '${imageId}' is busy`;
            expectJdError(await rejection(vm.deleteImage({ imageId })), 400, "FAILED_PRECONDITION", busy);
            expectJdError(await rejection(vm.modifyImageAttribute({ imageId, name: "late" })), 400, "FAILED_PRECONDITION", busy);
            const used = async () => (await vm.describeQuotas({})).result.quotas[0].used;
            expect(await used()).toBe(1);

            // Real time passes between calls too, so the last look comes well before the end.
            await control.advanceClock(DELETING_MS - 1000);
            expect((await vm.describeImage({ imageId })).result.image.status).toBe("deleting");
            await control.advanceClock(1000);
            expectJdError(await rejection(vm.describeImage({ imageId })), 404, "NOT_FOUND");
            expect(await used()).toBe(0);
        });

        test("with jdcloudDeletingMs 0 an image is gone at once; fast-forwarding imports also moves a deletion along", async () => {
            const vm = vmClient();
            await control.setOptions({ jdcloudDeletingMs: 0 });
            const quick = (await vm.importImage(IMPORT)).result.imageId;
            await control.advanceImports(IMPORT_MS);
            await vm.deleteImage({ imageId: quick });
            expectJdError(await rejection(vm.describeImage({ imageId: quick })), 404, "NOT_FOUND");

            await control.setOptions({ jdcloudDeletingMs: 60_000 });
            const slow = (await vm.importImage(IMPORT)).result.imageId;
            await control.advanceImports(IMPORT_MS);
            await vm.deleteImage({ imageId: slow });
            await control.advanceImports(60_000);
            expectJdError(await rejection(vm.describeImage({ imageId: slow })), 404, "NOT_FOUND");
        });
    });

    test("task progress: pending first, then running with a percentage rising towards 100, then finished or failed", async () => {
        await control.setOptions({ rateLimits: false });
        const vm = vmClient();
        const ok = (await vm.importImage(IMPORT)).result.taskId;
        const bad = (await vm.importImage({ ...IMPORT, imageUrl: FAILING_URL })).result.taskId;
        const seen: [string, number][] = [];
        for (let t = 0; t < IMPORT_MS; t += IMPORT_MS / 10) {
            const task = await taskOf(vm, ok);
            seen.push([task.taskStatus, task.progress]);
            await control.advanceImports(IMPORT_MS / 10);
        }
        expect(seen[0]).toEqual(["pending", 0]);
        const running = seen.filter(([status]) => status === "running").map(([, progress]) => progress);
        expect(running.length).toBeGreaterThanOrEqual(8);
        expect(running).toEqual([...running].sort((a, b) => a - b));
        expect(new Set(running).size).toBe(running.length);
        expect(Math.max(...running)).toBeLessThan(100);
        expect(seen.map(([status]) => status).lastIndexOf("pending")).toBeLessThan(seen.map(([status]) => status).indexOf("running"));
        expect(await taskOf(vm, ok)).toMatchObject({ taskStatus: "finished", progress: 100 });
        const failed = await taskOf(vm, bad);
        expect(failed.taskStatus).toBe("failed");
        expect(failed.progress).toBeLessThan(100);
    });
});
