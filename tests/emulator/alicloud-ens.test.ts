/**
 * Alibaba Cloud ENS 2017-11-10 in the emulator, driven by the official SDK (@alicloud/pop-core) over
 * GET and POST. Imports take `IMPORT_MS` of emulator time; tests advance the clock instead of sleeping.
 */
import { createHmac, randomBytes } from "crypto";
import * as http from "http";
import { EmulatorControl, startEmulator, TEST_CREDENTIALS, type Emulator } from "../../emulator";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const RPCClient = require("@alicloud/pop-core");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const kitx = require("kitx");

const IMPORT_MS = 1000;
/** The emulator's default: renames and deletes show in listings after this long. */
const SETTLE_MS = 500;
const VERSION = "2017-11-10";
const [KEY] = TEST_CREDENTIALS.alicloud;
const OTHER = { id: "LTAI_OTHER_ACCOUNT_KEY", secret: "other_account_secret", account: "6543210987654321" };
const METHODS = ["GET", "POST"] as const;
type Method = (typeof METHODS)[number];

let emu: Emulator;
let control: EmulatorControl;

beforeAll(async () => {
    emu = await startEmulator({ importDelayMs: IMPORT_MS, credentials: { ...TEST_CREDENTIALS, alicloud: [KEY, OTHER] } });
    control = new EmulatorControl(emu.url);
});
afterAll(() => emu.close());
beforeEach(async () => {
    await control.reset();
    await control.setOptions({ rateLimitOverrides: {}, signatures: "strict", imageQuota: 500, listingLagMs: 0, failureMarker: "fail", ensNotFound: "400", ensSettleMs: SETTLE_MS });
});
afterEach(() => jest.restoreAllMocks());

function client(id = KEY.id, secret = KEY.secret) {
    return new RPCClient({ accessKeyId: id, accessKeySecret: secret, endpoint: emu.url, apiVersion: VERSION, opts: { timeout: 10000 } });
}

const call = (method: Method, action: string, params: Record<string, unknown> = {}, c = client()) => c.request(action, params, { method });

interface AliError {
    code: string;
    status: number;
    name: string;
    data: Record<string, unknown>;
}

/** The pop-core rejection, reduced to what a provider reads from it. */
async function rejection(p: Promise<unknown>): Promise<AliError> {
    try {
        await p;
    } catch (e: any) {
        return { code: e.code, status: e.entry?.response?.statusCode, name: e.name, data: e.data };
    }
    throw new Error("expected the call to be rejected");
}

const IMPORT: Record<string, string> = {
    ImageName: "my-image",
    ComputeType: "ens_vm",
    Architecture: "x86_64",
    OSType: "linux",
    ImageFormat: "qcow2",
    OSSBucket: "b",
    OSSObject: "images/centos.qcow2",
    OSSRegion: "cn-beijing",
    Platform: "centos",
    OSVersion: "7.6",
};

async function importImage(overrides: Record<string, string | undefined> = {}, method: Method = "POST"): Promise<string> {
    const params = Object.fromEntries(Object.entries({ ...IMPORT, ...overrides }).filter(([, v]) => v !== undefined));
    const r = await call(method, "ImportImage", params);
    return r.ImageId;
}

async function selfImage(id: string) {
    const r = await call("GET", "DescribeSelfImages", { ImageId: id });
    return r.Images.Image.find((i: { ImageId: string }) => i.ImageId === id);
}

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

describe("ImportImage", () => {
    test.each(METHODS)("%s: returns an m- id and a RequestId, no Code", async (method) => {
        const r = await call(method, "ImportImage", IMPORT);
        expect(Object.keys(r)).toEqual(["RequestId", "ImageId"]);
        expect(r.ImageId).toMatch(/^m-[0-9a-z]{25}$/);
        expect(r.RequestId).toMatch(UUID);
    });

    test("the image is Creating, still busy just before the import time has passed, then Available", async () => {
        const id = await importImage();
        expect((await selfImage(id)).Status).toBe("Creating");
        await control.advanceClock(IMPORT_MS - 100);
        expect((await selfImage(id)).Status).toBe("Copying");
        await control.advanceClock(100);
        expect((await selfImage(id)).Status).toBe("Available");
    });

    test("an OSSObject carrying the failure marker ends in Upload_failed", async () => {
        const id = await importImage({ OSSObject: "images/fail.qcow2" });
        expect((await selfImage(id)).Status).toBe("Creating");
        await control.advanceClock(IMPORT_MS);
        expect((await selfImage(id)).Status).toBe("Upload_failed");
    });

    test.each(METHODS)("%s: DiskDeviceMapping as a JSON string; a marker in any disk fails the import", async (method) => {
        const disks = [
            { OSSBucket: "b", OSSObject: "sys.qcow2", OSSRegion: "cn-beijing" },
            { OSSBucket: "b", OSSObject: "data.qcow2", OSSRegion: "cn-beijing" },
        ];
        const ok = await importImage({ OSSBucket: undefined, OSSObject: undefined, OSSRegion: undefined, DiskDeviceMapping: JSON.stringify(disks) }, method);
        const bad = await importImage(
            { OSSBucket: undefined, OSSObject: undefined, OSSRegion: undefined, DiskDeviceMapping: JSON.stringify([disks[0], { ...disks[1], OSSObject: "fail-data.qcow2" }]) },
            method,
        );
        await control.advanceClock(IMPORT_MS);
        const good = await selfImage(ok);
        expect(good.Status).toBe("Available");
        expect(good.DiskDeviceMappings.DiskDeviceMapping).toEqual([
            { Format: "qcow2", Size: "20", Type: "System", imageId: ok },
            { Format: "qcow2", Size: "20", Type: "Data", imageId: ok },
        ]);
        expect((await selfImage(bad)).Status).toBe("Upload_failed");
    });

    test("accepts the other documented values: windows, a CJK name, TargetOSSRegionId ap-southeast-1, the longest name", async () => {
        const cjk = await importImage({ ImageName: "镜像名称:v1_a-b", OSType: "windows", TargetOSSRegionId: "ap-southeast-1", Platform: "ubuntu" });
        const longest = await importImage({ ImageName: "a" + "1".repeat(127), Platform: undefined, OSVersion: undefined, LicenseType: "BYOL" });
        const img = await selfImage(cjk);
        expect(img).toMatchObject({ ImageName: "镜像名称:v1_a-b", RegionId: "ap-southeast-1", Platform: "ubuntu" });
        expect((await selfImage(longest)).ImageName).toHaveLength(128);
    });

    const REJECTED: [string, Record<string, string | undefined>, string][] = [
        ["ImageName missing", { ImageName: undefined }, "MissingParameter"],
        ["ImageName empty", { ImageName: "" }, "MissingParameter"],
        ["ComputeType missing", { ComputeType: undefined }, "MissingParameter"],
        ["Architecture missing", { Architecture: undefined }, "MissingParameter"],
        ["OSType missing", { OSType: undefined }, "MissingParameter"],
        ["ImageFormat missing", { ImageFormat: undefined }, "MissingParameter"],
        ["ImageName of 1 character", { ImageName: "a" }, "InvalidParameter.ImageName"],
        ["ImageName of 129 characters", { ImageName: "a".repeat(129) }, "InvalidParameter.ImageName"],
        ["ImageName starting with a digit", { ImageName: "1image" }, "InvalidParameter.ImageName"],
        ["ImageName starting with an underscore", { ImageName: "_image" }, "InvalidParameter.ImageName"],
        ["ImageName with a space", { ImageName: "my image" }, "InvalidParameter.ImageName"],
        ["ImageName with a period", { ImageName: "my.image" }, "InvalidParameter.ImageName"],
        ["ImageName starting with http://", { ImageName: "http://image" }, "InvalidParameter.ImageName"],
        ["ImageName starting with https://", { ImageName: "https://image" }, "InvalidParameter.ImageName"],
        ["ComputeType other than ens_vm", { ComputeType: "bare_metal" }, "InvalidParameter.ComputeType"],
        ["Architecture other than x86_64", { Architecture: "i386" }, "InvalidParameter.Architecture"],
        ["OSType other than linux/windows", { OSType: "freebsd" }, "InvalidParameter.OSType"],
        ["ImageFormat other than qcow2", { ImageFormat: "raw" }, "InvalidParameter.ImageFormat"],
        ["Platform other than centos/ubuntu", { Platform: "gentoo" }, "InvalidParameter.Platform"],
        ["OSSRegion other than cn-beijing", { OSSRegion: "cn-hangzhou" }, "InvalidParameter.OSSRegion"],
        ["TargetOSSRegionId not offered", { TargetOSSRegionId: "us-west-1" }, "InvalidParameter.TargetOSSRegionId"],
        ["no image source", { OSSBucket: undefined, OSSObject: undefined, OSSRegion: undefined }, "MissingParameter"],
        ["OSSObject missing from the triple", { OSSObject: undefined }, "MissingParameter"],
        ["OSSBucket missing from the triple", { OSSBucket: undefined }, "MissingParameter"],
        ["OSSRegion missing from the triple", { OSSRegion: undefined }, "MissingParameter"],
        ["both the triple and DiskDeviceMapping", { DiskDeviceMapping: JSON.stringify([{ OSSBucket: "b", OSSObject: "o", OSSRegion: "cn-beijing" }]) }, "InvalidParameter.DiskDeviceMapping"],
        ["DiskDeviceMapping that is not JSON", { OSSBucket: undefined, OSSObject: undefined, OSSRegion: undefined, DiskDeviceMapping: "b/o" }, "InvalidParameter.DiskDeviceMapping"],
        ["DiskDeviceMapping empty", { OSSBucket: undefined, OSSObject: undefined, OSSRegion: undefined, DiskDeviceMapping: "[]" }, "InvalidParameter.DiskDeviceMapping"],
        ["DiskDeviceMapping entry without OSSObject", { OSSBucket: undefined, OSSObject: undefined, OSSRegion: undefined, DiskDeviceMapping: JSON.stringify([{ OSSBucket: "b", OSSRegion: "cn-beijing" }]) }, "InvalidParameter.DiskDeviceMapping"],
        ["DiskDeviceMapping entry in another region", { OSSBucket: undefined, OSSObject: undefined, OSSRegion: undefined, DiskDeviceMapping: JSON.stringify([{ OSSBucket: "b", OSSObject: "o", OSSRegion: "cn-shanghai" }]) }, "InvalidParameter.DiskDeviceMapping.OSSRegion"],
    ];

    test.each(METHODS.flatMap((m) => REJECTED.map(([what, o, code]) => [m, what, code, o] as const)))(
        "%s: %s → HTTP 400 %s",
        async (method, what, code, overrides) => {
            const e = await rejection(importImage(overrides, method));
            expect(e).toMatchObject({ code, status: 400, name: `${code}Error` });
            expect(e.data).toMatchObject({ HostId: "ens.aliyuncs.com", Code: code, Recommend: `https://api.aliyun.com/troubleshoot?q=${code}` });
            expect(e.data.RequestId).toMatch(UUID);
            expect(typeof e.data.Message).toBe("string");
            // MissingParameter names the parameter in its message only.
            const missing = /^(\w+) missing/.exec(what);
            if (missing) expect(e.data.Message).toContain(`"${missing[1]}"`);
            expect((await control.state()).clouds["alicloud-ens"].images).toEqual([]);
        },
    );

    test("the image quota → HTTP 400 QuotaExceed.Image", async () => {
        await control.setOptions({ imageQuota: 2 });
        await importImage();
        await importImage();
        expect(await rejection(importImage())).toMatchObject({ code: "QuotaExceed.Image", status: 400 });
    });
});

describe("DescribeSelfImages", () => {
    test.each(METHODS)("%s: string-typed numbers, Code 0 and the documented item shape", async (method) => {
        const id = await importImage();
        await control.advanceClock(IMPORT_MS);
        const r = await call(method, "DescribeSelfImages", { ImageId: id });
        expect(r).toMatchObject({ Code: 0, PageNumber: "1", PageSize: "10", TotalCount: "1" });
        expect(r.RequestId).toMatch(UUID);
        expect(r.Images.Image).toEqual([
            {
                ImageId: id,
                ImageName: "my-image",
                Status: "Available",
                Architecture: "x86_64",
                ComputeType: "ens_vm",
                CreationTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
                ImageOwnerAlias: "self",
                ImageSize: "20",
                ImageStorageSize: "400",
                InstanceId: "",
                OsVersion: "7.6",
                Platform: "centos",
                RegionId: "cn-beijing",
                SnapshotId: "",
                DiskDeviceMappings: { DiskDeviceMapping: [{ Format: "qcow2", Size: "20", Type: "System", imageId: id }] },
            },
        ]);
    });

    test("ImageId and ImageName filters are fuzzy (substrings)", async () => {
        const web = await importImage({ ImageName: "web-server" });
        const db = await importImage({ ImageName: "db-server" });
        await importImage({ ImageName: "cache" });
        const ids = async (p: Record<string, string>) => (await call("GET", "DescribeSelfImages", p)).Images.Image.map((i: { ImageId: string }) => i.ImageId).sort();
        expect(await ids({ ImageName: "server" })).toEqual([web, db].sort());
        expect(await ids({ ImageName: "web" })).toEqual([web]);
        expect(await ids({ ImageId: db.slice(0, 10) })).toEqual([db]);
        expect(await ids({ ImageId: "m-" })).toHaveLength(3);
        expect(await ids({ ImageId: db.slice(2, 12), ImageName: "server" })).toEqual([db]);
        const none = await call("POST", "DescribeSelfImages", { ImageName: "nothing-like-this" });
        expect(none).toMatchObject({ Code: 0, TotalCount: "0", Images: { Image: [] } });
        expect((await call("GET", "DescribeSelfImages", { SnapshotId: "sp-1" })).Images.Image).toEqual([]);
    });

    test("paging: PageNumber/PageSize, newest first", async () => {
        const made: string[] = [];
        for (let i = 0; i < 5; i++) {
            made.push(await importImage({ ImageName: `img-${i}` }));
            await control.advanceClock(10);
        }
        const page2 = await call("GET", "DescribeSelfImages", { PageNumber: 2, PageSize: 2 });
        expect(page2).toMatchObject({ PageNumber: "2", PageSize: "2", TotalCount: "5" });
        expect(page2.Images.Image.map((i: { ImageName: string }) => i.ImageName)).toEqual(["img-2", "img-1"]);
        const last = await call("POST", "DescribeSelfImages", { PageNumber: 3, PageSize: 2 });
        expect(last.Images.Image.map((i: { ImageId: string }) => i.ImageId)).toEqual([made[0]]);
        expect((await call("GET", "DescribeSelfImages", { PageSize: 50 })).Images.Image).toHaveLength(5);
    });

    test.each([
        ["PageSize", "51"],
        ["PageSize", "0"],
        ["PageNumber", "0"],
        ["PageNumber", "one"],
    ])("%s=%s → HTTP 400 InvalidParameter.<name>", async (name, value) => {
        expect(await rejection(call("GET", "DescribeSelfImages", { [name]: value }))).toMatchObject({ code: `InvalidParameter.${name}`, status: 400 });
    });

    test("a deleted image disappears from the list once the delete has settled (empty Images.Image, not an error)", async () => {
        const id = await importImage();
        await control.advanceClock(IMPORT_MS);
        await call("POST", "DeleteImage", { ImageId: id });
        await control.advanceClock(SETTLE_MS);
        expect(await call("GET", "DescribeSelfImages", { ImageId: id })).toMatchObject({ Code: 0, TotalCount: "0", Images: { Image: [] } });
    });

    test("with a listing lag, every query misses a new image until the lag has passed, even by its full ImageId (fuzzy)", async () => {
        await control.setOptions({ listingLagMs: 30_000 });
        const id = await importImage();
        expect(await selfImage(id)).toBeUndefined();
        expect((await call("GET", "DescribeSelfImages", {})).Images.Image).toEqual([]);
        await control.advanceClock(30_000);
        expect((await selfImage(id)).Status).toBe("Available");
    });

    test("images are per account", async () => {
        const id = await importImage();
        const other = client(OTHER.id, OTHER.secret);
        expect((await call("GET", "DescribeSelfImages", {}, other)).Images.Image).toEqual([]);
        expect(await rejection(call("POST", "DeleteImage", { ImageId: id }, other))).toMatchObject({ code: "Error.DeleteImage", status: 400 });
    });
});

describe("DescribeImages", () => {
    test.each(METHODS)("%s: integer numbers, Code 0, no Status in the items", async (method) => {
        const id = await importImage();
        const r = await call(method, "DescribeImages", {});
        expect(r).toMatchObject({ Code: 0, PageNumber: 1, PageSize: 10, TotalCount: 1 });
        expect(r.Images.Image).toEqual([
            {
                ImageId: id,
                ImageName: "my-image",
                Architecture: "x86_64",
                CreationTime: expect.stringMatching(/Z$/),
                ImageOwnerAlias: "self",
                ImageSize: "20",
                Platform: "centos",
                RegionId: "cn-beijing",
                SnapshotId: "",
                DiskDeviceMappings: { DiskDeviceMapping: [{ Format: "qcow2", Size: "20", Type: "System", imageId: id }] },
            },
        ]);
    });

    test("EnsRegionId, ImageId and ImageName filters and paging", async () => {
        const a = await importImage({ ImageName: "alpha" });
        const b = await importImage({ ImageName: "beta", TargetOSSRegionId: "ap-southeast-1" });
        const ids = async (p: Record<string, unknown>) => (await call("GET", "DescribeImages", p)).Images.Image.map((i: { ImageId: string }) => i.ImageId);
        expect(await ids({ ImageId: a })).toEqual([a]);
        expect(await ids({ ImageId: a.slice(0, 10) })).toEqual([]);
        expect(await ids({ ImageName: "bet" })).toEqual([b]);
        expect(await ids({ EnsRegionId: "ap-southeast-1" })).toEqual([b]);
        expect(await ids({ EnsRegionId: "cn-hangzhou-telecom" })).toEqual([]);
        const p = await call("POST", "DescribeImages", { PageNumber: "2", PageSize: "1" });
        expect(p).toMatchObject({ PageNumber: 2, PageSize: 1, TotalCount: 2 });
        expect(p.Images.Image).toHaveLength(1);
        expect(await rejection(call("GET", "DescribeImages", { PageSize: "51" }))).toMatchObject({ code: "InvalidParameter.PageSize", status: 400 });
    });

    test("with a listing lag, a new image is missing from listings until the lag has passed; ImageId (exact here) sees it at once", async () => {
        await control.setOptions({ listingLagMs: 30_000 });
        const id = await importImage({ ImageName: "lagging" });
        const ids = async (p: Record<string, unknown>) => (await call("GET", "DescribeImages", p)).Images.Image.map((i: { ImageId: string }) => i.ImageId);
        expect(await ids({})).toEqual([]);
        expect(await ids({ ImageName: "lagging" })).toEqual([]);
        expect(await ids({ ImageId: id })).toEqual([id]);
        await control.advanceClock(30_000);
        expect(await ids({ ImageName: "lagging" })).toEqual([id]);
    });
});

describe("ModifyImageAttribute", () => {
    test.each(METHODS)("%s: renames an Available image, Code 0", async (method) => {
        const id = await importImage();
        await control.advanceClock(IMPORT_MS);
        const r = await call(method, "ModifyImageAttribute", { ImageId: id, ImageName: "renamed" });
        expect(Object.keys(r)).toEqual(["RequestId", "Code"]);
        expect(r.Code).toBe(0);
        await control.advanceClock(SETTLE_MS);
        expect((await selfImage(id)).ImageName).toBe("renamed");
    });

    test.each(METHODS)("%s: a Creating or Upload_failed image → HTTP 400 IncorrectStatus.Image", async (method) => {
        const creating = await importImage();
        expect(await rejection(call(method, "ModifyImageAttribute", { ImageId: creating, ImageName: "renamed" }))).toMatchObject({ code: "IncorrectStatus.Image", status: 400 });
        const failed = await importImage({ OSSObject: "fail.qcow2" });
        await control.advanceClock(IMPORT_MS);
        expect(await rejection(call(method, "ModifyImageAttribute", { ImageId: failed, ImageName: "renamed" }))).toMatchObject({ code: "IncorrectStatus.Image", status: 400 });
        expect((await selfImage(failed)).ImageName).toBe("my-image");
    });

    test.each(METHODS)("%s: validation and not found", async (method) => {
        const id = await importImage();
        await control.advanceClock(IMPORT_MS);
        expect(await rejection(call(method, "ModifyImageAttribute", { ImageName: "renamed" }))).toMatchObject({ code: "MissingParameter", status: 400 });
        expect(await rejection(call(method, "ModifyImageAttribute", { ImageId: id }))).toMatchObject({ code: "MissingParameter", status: 400 });
        expect(await rejection(call(method, "ModifyImageAttribute", { ImageId: id, ImageName: "9lives" }))).toMatchObject({ code: "InvalidParameter.ImageName", status: 400 });
        expect(await rejection(call(method, "ModifyImageAttribute", { ImageId: "m-doesnotexist", ImageName: "renamed" }))).toMatchObject({
            code: "InvalidParameter.ImageId",
            status: 400,
            name: "InvalidParameter.ImageIdError",
        });
    });
});

describe("DeleteImage", () => {
    test.each(METHODS)("%s: deletes an Available image; deleting again → HTTP 400 Error.DeleteImage", async (method) => {
        const id = await importImage();
        await control.advanceClock(IMPORT_MS);
        const r = await call(method, "DeleteImage", { ImageId: id });
        expect(r).toEqual({ RequestId: expect.stringMatching(UUID), Code: 0 });
        await control.advanceClock(SETTLE_MS);
        expect(await selfImage(id)).toBeUndefined();
        const e = await rejection(call(method, "DeleteImage", { ImageId: id }));
        expect(e).toMatchObject({ code: "Error.DeleteImage", status: 400 });
        expect(e.data).toMatchObject({ HostId: "ens.aliyuncs.com", Message: "The image is not exist." });
    });

    test.each(METHODS)("%s: while Creating → HTTP 400 IncorrectStatus.Image; a failed import can be deleted", async (method) => {
        const id = await importImage({ OSSObject: "fail.qcow2" });
        expect(await rejection(call(method, "DeleteImage", { ImageId: id }))).toMatchObject({ code: "IncorrectStatus.Image", status: 400 });
        await control.advanceClock(IMPORT_MS);
        expect((await call(method, "DeleteImage", { ImageId: id })).Code).toBe(0);
    });

    test.each(METHODS)("%s: ImageId is required → HTTP 400 MissingParameter", async (method) => {
        expect(await rejection(call(method, "DeleteImage", {}))).toMatchObject({ code: "MissingParameter", status: 400 });
    });
});

describe("where the cloud is less kind", () => {
    // These tests make more calls a second than the default rate limit allows; throttling has its own tests.
    beforeEach(() => control.setOptions({ rateLimitOverrides: { "alicloud-ens:*": 10_000 } }));

    const listed = async (p: Record<string, unknown> = {}) => (await call("GET", "DescribeSelfImages", { PageSize: 50, ...p })).Images.Image;
    const listedIds = async (p: Record<string, unknown> = {}) => (await listed(p)).map((i: { ImageId: string }) => i.ImageId);
    const modify = (id: string, name = "renamed", method: Method = "POST") => call(method, "ModifyImageAttribute", { ImageId: id, ImageName: name });
    const remove = (id: string, method: Method = "POST") => call(method, "DeleteImage", { ImageId: id });

    describe("errors: HTTP 400 and the published codes", () => {
        test.each(METHODS)("%s: a busy image → HTTP 400 IncorrectStatus.Image, with the published message", async (method) => {
            const id = await importImage();
            for (const e of [await rejection(modify(id, "renamed", method)), await rejection(remove(id, method))]) {
                expect(e).toMatchObject({ code: "IncorrectStatus.Image", status: 400, name: "IncorrectStatus.ImageError" });
                expect(e.data.Message).toMatch(/^The current status of the image does not support this operation\./);
            }
        });

        test.each(METHODS)("%s: a missing parameter → HTTP 400 MissingParameter naming it; a bad value → InvalidParameter.<field>", async (method) => {
            const missing = await rejection(call(method, "DeleteImage", {}));
            expect(missing).toMatchObject({ code: "MissingParameter", status: 400 });
            expect(missing.data.Message).toContain('"ImageId"');
            const bad = await rejection(importImage({ Architecture: "arm64" }, method));
            expect(bad).toMatchObject({ code: "InvalidParameter.Architecture", status: 400 });
            expect(bad.data.Message).toMatch(/^The specified field Architecture invalid\. Please check it again\./);
        });

        const UNKNOWN = "m-0000000000000000000000000";
        test.each([
            ["400", { code: "Error.DeleteImage", status: 400 }, { code: "InvalidParameter.ImageId", status: 400 }],
            ["404", { code: "InvalidImageId.NotFound", status: 404 }, { code: "InvalidImageId.NotFound", status: 404 }],
        ] as const)("ensNotFound %s: an unknown image id → DeleteImage %j, ModifyImageAttribute %j", async (mode, onDelete, onModify) => {
            await control.setOptions({ ensNotFound: mode });
            for (const method of METHODS) {
                expect(await rejection(remove(UNKNOWN, method))).toMatchObject(onDelete);
                expect(await rejection(modify(UNKNOWN, "renamed", method))).toMatchObject(onModify);
            }
        });

        test("the default answer to an unknown image id is the 400 one", async () => {
            const fresh = await startEmulator();
            try {
                const c = new RPCClient({ accessKeyId: KEY.id, accessKeySecret: KEY.secret, endpoint: fresh.url, apiVersion: VERSION, opts: { timeout: 10000 } });
                expect(await rejection(c.request("DeleteImage", { ImageId: UNKNOWN }, { method: "POST" }))).toMatchObject({ code: "Error.DeleteImage", status: 400 });
            } finally {
                await fresh.close();
            }
        });

        test("ensNotFound success: an unknown image id is silently nothing, other images are untouched", async () => {
            await control.setOptions({ ensNotFound: "success" });
            const id = await importImage();
            await control.advanceClock(IMPORT_MS);
            for (const method of METHODS) {
                expect(await remove(UNKNOWN, method)).toEqual({ RequestId: expect.stringMatching(UUID), Code: 0 });
                expect((await modify(UNKNOWN, "renamed", method)).Code).toBe(0);
            }
            await control.advanceClock(SETTLE_MS);
            expect(await listed()).toEqual([expect.objectContaining({ ImageId: id, ImageName: "my-image", Status: "Available" })]);
        });

        test.each(["400", "404", "success"] as const)("ensNotFound %s: whatever a repeated delete answers, gone is what DescribeSelfImages no longer lists", async (mode) => {
            await control.setOptions({ ensNotFound: mode });
            const id = await importImage();
            await control.advanceClock(IMPORT_MS);
            expect((await remove(id)).Code).toBe(0);
            // The repeated delete's answer depends on the mode; the listing tells the same story in every one.
            await remove(id).catch(() => undefined);
            expect(await listedIds({ ImageId: id })).toEqual([id]);
            await control.advanceClock(SETTLE_MS);
            expect(await listedIds({ ImageId: id })).toEqual([]);
        });
    });

    describe("status: every documented step, and each failure where it happens", () => {
        /** The Status at 0, 15 %, 45 %, 75 % and 100 % of the import's duration: one sample in every step. */
        async function statuses(overrides: Record<string, string | undefined>): Promise<string[]> {
            const id = await importImage(overrides);
            const seen: string[] = [];
            for (const advance of [0, 150, 300, 300, 250]) {
                await control.advanceClock(advance);
                seen.push((await selfImage(id)).Status);
            }
            return seen;
        }

        test.each([
            ["images/centos.qcow2", ["Creating", "Packing", "Uploading", "Copying", "Available"]],
            ["images/pack-fail.qcow2", ["Creating", "Packing", "Pack_failed", "Pack_failed", "Pack_failed"]],
            ["images/fail.qcow2", ["Creating", "Packing", "Uploading", "Upload_failed", "Upload_failed"]],
            ["images/unavailable.qcow2", ["Creating", "Packing", "Uploading", "Copying", "Unavailable"]],
        ])("OSSObject %s: %j", async (object, expected) => {
            expect(await statuses({ OSSObject: object })).toEqual(expected);
        });

        test("over several disks the step that fails first wins", async () => {
            const disks = ["data-unavailable.qcow2", "sys-pack-fail.qcow2"].map((o) => ({ OSSBucket: "b", OSSObject: o, OSSRegion: "cn-beijing" }));
            const only = { OSSBucket: undefined, OSSObject: undefined, OSSRegion: undefined, DiskDeviceMapping: JSON.stringify(disks) };
            expect((await statuses(only)).at(-1)).toBe("Pack_failed");
        });

        test("the failure marker chooses Upload_failed; an empty one turns every marker off", async () => {
            await control.setOptions({ failureMarker: "boom" });
            expect((await statuses({ OSSObject: "boom.qcow2" })).at(-1)).toBe("Upload_failed");
            expect((await statuses({ OSSObject: "fail.qcow2" })).at(-1)).toBe("Available");
            await control.setOptions({ failureMarker: "" });
            for (const object of ["pack-fail.qcow2", "fail.qcow2", "unavailable.qcow2"]) {
                expect((await statuses({ OSSObject: object })).at(-1)).toBe("Available");
            }
        });

        test("every running step refuses DeleteImage and ModifyImageAttribute; a failed image can be deleted, not renamed", async () => {
            const running = await importImage();
            for (const advance of [0, 150, 300, 300]) {
                await control.advanceClock(advance);
                const status = (await selfImage(running)).Status;
                expect(await rejection(remove(running))).toMatchObject({ code: "IncorrectStatus.Image", status: 400, data: { Message: expect.stringContaining(status) } });
                expect(await rejection(modify(running))).toMatchObject({ code: "IncorrectStatus.Image", status: 400 });
            }
            const failed = await Promise.all(["pack-fail.qcow2", "fail.qcow2", "unavailable.qcow2"].map((o) => importImage({ OSSObject: o })));
            await control.advanceClock(IMPORT_MS);
            for (const id of failed) {
                expect(await rejection(modify(id))).toMatchObject({ code: "IncorrectStatus.Image", status: 400 });
                expect((await remove(id)).Code).toBe(0);
            }
        });
    });

    describe("renames and deletes settle: listings show them after ensSettleMs", () => {
        async function available(overrides: Record<string, string> = {}): Promise<string> {
            const id = await importImage(overrides);
            await control.advanceClock(IMPORT_MS);
            return id;
        }
        const described = async (p: Record<string, unknown>) => (await call("GET", "DescribeImages", p)).Images.Image;

        test("a rename: the old name is listed (and matched by ImageName) until it settles; a look-up by exact id sees the new one at once", async () => {
            const id = await available({ ImageName: "before" });
            expect(await modify(id, "after")).toEqual({ RequestId: expect.stringMatching(UUID), Code: 0 });
            expect((await selfImage(id)).ImageName).toBe("before");
            expect(await listedIds({ ImageName: "before" })).toEqual([id]);
            expect(await listedIds({ ImageName: "after" })).toEqual([]);
            expect((await described({})).map((i: { ImageName: string }) => i.ImageName)).toEqual(["before"]);
            expect((await described({ ImageId: id }))[0].ImageName).toBe("after");
            await control.advanceClock(SETTLE_MS - 50);
            expect((await selfImage(id)).ImageName).toBe("before");
            await control.advanceClock(50);
            expect((await selfImage(id)).ImageName).toBe("after");
            expect(await listedIds({ ImageName: "after" })).toEqual([id]);
        });

        test("renames in quick succession: listings go from the first name to the last, never showing the one in between", async () => {
            const id = await available({ ImageName: "first" });
            await modify(id, "second");
            await control.advanceClock(SETTLE_MS / 2);
            await modify(id, "third");
            await control.advanceClock(SETTLE_MS / 2);
            expect((await selfImage(id)).ImageName).toBe("first");
            await control.advanceClock(SETTLE_MS / 2);
            expect((await selfImage(id)).ImageName).toBe("third");
        });

        test("a delete: the image stays listed, status and all, until it settles; it is gone at once for look-ups, writes and the quota", async () => {
            await control.setOptions({ imageQuota: 1 });
            const id = await available();
            expect((await remove(id)).Code).toBe(0);
            expect(await listed({ ImageId: id })).toEqual([expect.objectContaining({ ImageId: id, Status: "Available" })]);
            expect((await described({})).map((i: { ImageId: string }) => i.ImageId)).toEqual([id]);
            expect(await described({ ImageId: id })).toEqual([]);
            expect(await rejection(remove(id))).toMatchObject({ code: "Error.DeleteImage", status: 400 });
            expect(await rejection(modify(id))).toMatchObject({ code: "InvalidParameter.ImageId", status: 400 });
            const next = await importImage();
            await control.advanceClock(SETTLE_MS - 50);
            expect(await listedIds()).toEqual([next, id]);
            await control.advanceClock(50);
            expect(await listedIds()).toEqual([next]);
            expect((await control.state()).clouds["alicloud-ens"].images.map((i: { id: string }) => i.id)).toEqual([next]);
        });

        test("ensSettleMs is the delay: 0 shows both at once, a longer one holds them longer", async () => {
            await control.setOptions({ ensSettleMs: 0 });
            const a = await available();
            await modify(a, "renamed-now");
            expect((await selfImage(a)).ImageName).toBe("renamed-now");
            await remove(a);
            expect(await selfImage(a)).toBeUndefined();

            await control.setOptions({ ensSettleMs: 5000 });
            const b = await available();
            await modify(b, "renamed-later");
            await remove(b);
            await control.advanceClock(4000);
            expect(await selfImage(b)).toMatchObject({ ImageName: "my-image" });
            await control.advanceClock(1000);
            expect(await selfImage(b)).toBeUndefined();
        });
    });

    describe("DescribeSelfImages: fuzzy filters and paging", () => {
        test("ImageId matches substrings, so a query by one image's id may list others: a client picks the exact id", async () => {
            const ids = [await importImage(), await importImage(), await importImage()];
            const shared = [...ids[0].slice(2)].find((ch) => ids[1].slice(2).includes(ch))!;
            const got = await listedIds({ ImageId: shared });
            expect(got).toEqual(expect.arrayContaining([ids[0], ids[1]]));
            expect(got.every((id: string) => id.includes(shared))).toBe(true);
            expect((await listedIds({ ImageId: "m-" })).sort()).toEqual([...ids].sort());
            expect((await listedIds({ ImageId: ids[2] })).filter((id: string) => id === ids[2])).toEqual([ids[2]]);
        });

        test("ImageName matches substrings anywhere in the name", async () => {
            const web = await importImage({ ImageName: "web" });
            const myWeb = await importImage({ ImageName: "my-web-1" });
            await importImage({ ImageName: "db" });
            expect((await listedIds({ ImageName: "web" })).sort()).toEqual([web, myWeb].sort());
            expect(await listedIds({ ImageName: "-1" })).toEqual([myWeb]);
        });

        test("paging: PageSize 10 by default, TotalCount counts every match, a page past the end is empty, pages do not overlap", async () => {
            const made: string[] = [];
            for (let i = 0; i < 12; i++) {
                made.push(await importImage({ ImageName: `img-${i}` }));
                await control.advanceClock(10);
            }
            await importImage({ ImageName: "other" });
            const page = (n?: number) => call("GET", "DescribeSelfImages", n === undefined ? { ImageName: "img" } : { ImageName: "img", PageNumber: n });
            const first = await page();
            expect(first).toMatchObject({ PageNumber: "1", PageSize: "10", TotalCount: "12" });
            expect(first.Images.Image).toHaveLength(10);
            const second = await page(2);
            expect(second).toMatchObject({ PageNumber: "2", PageSize: "10", TotalCount: "12" });
            const third = await page(3);
            expect(third).toMatchObject({ PageNumber: "3", TotalCount: "12", Images: { Image: [] } });
            const all = [...first.Images.Image, ...second.Images.Image].map((i: { ImageId: string }) => i.ImageId);
            expect(all).toEqual([...made].reverse());
            expect(await listedIds({ ImageName: "img", PageSize: 50 })).toEqual([...made].reverse());
        });
    });
});

describe("protocol", () => {
    test.each(METHODS)("%s: an unknown action → HTTP 404 InvalidAction.NotFound", async (method) => {
        expect(await rejection(call(method, "DescribeImageInfoz", {}))).toMatchObject({ code: "InvalidAction.NotFound", status: 404 });
    });

    test.each(METHODS)("%s: a wrong secret → HTTP 400 SignatureDoesNotMatch", async (method) => {
        const e = await rejection(call(method, "DescribeSelfImages", {}, client(KEY.id, "not-the-secret")));
        expect(e).toMatchObject({ code: "SignatureDoesNotMatch", status: 400 });
        expect(String(e.data.Message)).not.toContain(KEY.secret);
    });

    test.each(METHODS)("%s: an unknown AccessKeyId → HTTP 404 InvalidAccessKeyId.NotFound", async (method) => {
        expect(await rejection(call(method, "DescribeSelfImages", {}, client("LTAI_NOBODY", "x")))).toMatchObject({ code: "InvalidAccessKeyId.NotFound", status: 404 });
    });

    test.each([
        ["ahead", 16 * 60 * 1000],
        ["behind", -16 * 60 * 1000],
    ])("a Timestamp 16 minutes %s of the emulator clock → HTTP 400 InvalidTimeStamp.Expired; 14 minutes is fine", async (_dir, skew) => {
        await control.setClock(Date.now() + skew);
        expect(await rejection(call("GET", "DescribeSelfImages"))).toMatchObject({ code: "InvalidTimeStamp.Expired", status: 400 });
        await control.setClock(Date.now() + (skew / 16) * 14);
        expect((await call("POST", "DescribeSelfImages")).Code).toBe(0);
    });

    test.each(METHODS)("%s: a reused SignatureNonce → HTTP 400 SignatureNonceUsed, for 15 minutes of emulator time", async (method) => {
        jest.spyOn(kitx, "makeNonce").mockReturnValue("0123456789abcdef0123456789abcdef");
        // Use the nonce 14 minutes "before" the real time pop-core stamps, so the nonce can expire
        // while the Timestamp stays acceptable.
        await control.setClock(Date.now() - 14 * 60 * 1000);
        expect((await call(method, "DescribeSelfImages")).Code).toBe(0);
        expect(await rejection(call(method, "DescribeImages"))).toMatchObject({ code: "SignatureNonceUsed", status: 400 });
        await control.setClock(Date.now());
        expect(await rejection(call(method, "DescribeImages"))).toMatchObject({ code: "SignatureNonceUsed", status: 400 });
        await control.setClock(Date.now() + 14 * 60 * 1000);
        expect((await call(method, "DescribeImages")).Code).toBe(0);
    });

    test("signatures off: any signature of a known key is accepted, unknown keys still are not", async () => {
        await control.setOptions({ signatures: "off" });
        expect((await call("GET", "DescribeSelfImages", {}, client(KEY.id, "wrong"))).Code).toBe(0);
        expect(await rejection(call("GET", "DescribeSelfImages", {}, client("LTAI_NOBODY", "x")))).toMatchObject({ code: "InvalidAccessKeyId.NotFound" });
    });

    test("an injected fault is rendered in the ENS envelope, always with a Code", async () => {
        await control.injectFault([
            { cloud: "alicloud-ens", action: "DeleteImage", times: 1, mode: "error", code: "ServiceUnavailable", message: "The request has failed due to a temporary failure of the server.", httpStatus: 503 },
            { cloud: "alicloud-ens", action: "DescribeImages", times: 1, mode: "error", code: "", httpStatus: 500 },
        ]);
        const e = await rejection(call("POST", "DeleteImage", { ImageId: "m-x" }));
        expect(e).toMatchObject({ code: "ServiceUnavailable", status: 503, data: { HostId: "ens.aliyuncs.com" } });
        expect(await rejection(call("GET", "DescribeImages"))).toMatchObject({ code: "InternalError", status: 500 });
    });

    test("the request log keeps the action parameters without keys or signatures; the snapshot shows status", async () => {
        const id = await importImage();
        const [entry] = await control.requests({ cloud: "alicloud-ens", action: "ImportImage" });
        expect(entry).toMatchObject({ status: 200, account: KEY.account, region: "" });
        expect(entry.params).toEqual(IMPORT);
        const state = await control.state();
        expect(state.clouds["alicloud-ens"].images).toEqual([expect.objectContaining({ id, account: KEY.account, status: "Creating" })]);
    });
});

/** An independent signer (signature v1.0), for requests pop-core cannot be made to send. */
function signedForm(method: Method, params: Record<string, string>, secret = KEY.secret): { canonical: string; signature: string } {
    const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const all: Record<string, string> = {
        Format: "JSON",
        Version: VERSION,
        SignatureMethod: "HMAC-SHA1",
        SignatureVersion: "1.0",
        SignatureNonce: randomBytes(16).toString("hex"),
        AccessKeyId: KEY.id,
        Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
        ...params,
    };
    const canonical = Object.keys(all)
        .sort()
        .map((k) => `${enc(k)}=${enc(all[k])}`)
        .join("&");
    const signature = createHmac("sha1", `${secret}&`).update(`${method}&%2F&${enc(canonical)}`).digest("base64");
    return { canonical, signature: enc(signature) };
}

function raw(method: Method, query: string, body?: string): Promise<{ status: number; body: any }> {
    return new Promise((resolve, reject) => {
        const headers: Record<string, string> = body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" };
        const req = http.request(`${emu.url}/?${query}`, { method, headers, agent: false }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
        });
        req.on("error", reject);
        req.end(body);
    });
}

describe("signature verification over raw requests", () => {
    test("a tampered POST body → SignatureDoesNotMatch; the untampered one is accepted", async () => {
        const { canonical, signature } = signedForm("POST", { Action: "DescribeSelfImages", ImageName: "abc" });
        const body = `${canonical}&Signature=${signature}`;
        const tampered = body.replace("ImageName=abc", "ImageName=abd");
        expect(tampered).not.toBe(body);
        expect(await raw("POST", "", tampered)).toMatchObject({ status: 400, body: { Code: "SignatureDoesNotMatch" } });
        expect(await raw("POST", "", body)).toMatchObject({ status: 200, body: { Code: 0 } });
    });

    test("parameters split between the query and the form body are verified together", async () => {
        const { canonical, signature } = signedForm("POST", { Action: "DescribeImages", ImageName: "a b/c" });
        const pairs = canonical.split("&");
        const query = pairs.filter((_p, i) => i % 2 === 0).join("&");
        const body = [...pairs.filter((_p, i) => i % 2 === 1), `Signature=${signature}`].join("&");
        expect(await raw("POST", query, body)).toMatchObject({ status: 200, body: { Code: 0, TotalCount: 0 } });
    });

    test("`+` is not a space: a value signed with %20 but sent with + does not verify", async () => {
        const { canonical, signature } = signedForm("GET", { Action: "DescribeSelfImages", ImageName: "a b" });
        expect(canonical).toContain("ImageName=a%20b");
        const plus = canonical.replace("ImageName=a%20b", "ImageName=a+b");
        expect(await raw("GET", `${plus}&Signature=${signature}`)).toMatchObject({ status: 400, body: { Code: "SignatureDoesNotMatch" } });
        expect(await raw("GET", `${canonical}&Signature=${signature}`)).toMatchObject({ status: 200 });
    });

    test("missing common parameters and a malformed Timestamp", async () => {
        const { canonical } = signedForm("GET", { Action: "DescribeSelfImages" });
        expect(await raw("GET", canonical)).toMatchObject({ status: 400, body: { Code: "IncompleteSignature" } });
        const noNonce = canonical.replace(/SignatureNonce=[0-9a-f]+&/, "");
        expect(await raw("GET", `${noNonce}&Signature=x`)).toMatchObject({ status: 400, body: { Code: "MissingParameter" } });
        const badTs = signedForm("GET", { Action: "DescribeSelfImages", Timestamp: "22/11/2026" });
        expect(await raw("GET", `${badTs.canonical}&Signature=${badTs.signature}`)).toMatchObject({ status: 400, body: { Code: "InvalidTimeStamp.Format" } });
        const noKey = canonical.replace(/AccessKeyId=[^&]+&/, "");
        expect(await raw("GET", `${noKey}&Signature=x`)).toMatchObject({ status: 400, body: { Code: "MissingParameter" } });
    });
});

describe("throttling", () => {
    const burst = (n: number, action: string) =>
        Promise.all(Array.from({ length: n }, () => call("GET", action).then(() => "ok", (e: any) => `${e.code}|${e.entry?.response?.statusCode}|${e.data?.Message}`)));

    test("over 10 requests per second for one action → HTTP 400 Throttling.User; other actions and the next second are unaffected", async () => {
        // 25 calls span at most two one-second windows, so at least one window holds more than 10.
        const results = await burst(25, "DescribeImages");
        const throttled = results.filter((r) => r !== "ok");
        expect(throttled.length).toBeGreaterThan(0);
        expect(results.filter((r) => r === "ok").length).toBeGreaterThanOrEqual(10);
        expect(new Set(throttled)).toEqual(new Set(["Throttling.User|400|Request was denied due to user flow control."]));
        expect((await call("GET", "DescribeSelfImages")).Code).toBe(0);
        await control.advanceClock(1000);
        expect((await call("GET", "DescribeImages")).Code).toBe(0);
    });

    test("the default is configurable for every action with rateLimitOverrides[\"alicloud-ens:*\"]", async () => {
        await control.setOptions({ rateLimitOverrides: { "alicloud-ens:*": 2 } });
        // 5 calls in at most two windows: one of them holds at least 3 > 2.
        const results = await burst(5, "DescribeSelfImages");
        expect(results.filter((r) => r.startsWith("Throttling.User|400")).length).toBeGreaterThan(0);
    });
});
