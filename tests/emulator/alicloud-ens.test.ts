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
    await control.setOptions({ rateLimitOverrides: {}, signatures: "strict", imageQuota: 500, listingLagMs: 0 });
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

    test("the image is Creating, then Available once the import time has passed", async () => {
        const id = await importImage();
        expect((await selfImage(id)).Status).toBe("Creating");
        await control.advanceClock(IMPORT_MS - 100);
        expect((await selfImage(id)).Status).toBe("Creating");
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
        ["ImageName missing", { ImageName: undefined }, "MissingImageName"],
        ["ImageName empty", { ImageName: "" }, "MissingImageName"],
        ["ComputeType missing", { ComputeType: undefined }, "MissingComputeType"],
        ["Architecture missing", { Architecture: undefined }, "MissingArchitecture"],
        ["OSType missing", { OSType: undefined }, "MissingOSType"],
        ["ImageFormat missing", { ImageFormat: undefined }, "MissingImageFormat"],
        ["ImageName of 1 character", { ImageName: "a" }, "InvalidParameter"],
        ["ImageName of 129 characters", { ImageName: "a".repeat(129) }, "InvalidParameter"],
        ["ImageName starting with a digit", { ImageName: "1image" }, "InvalidParameter"],
        ["ImageName starting with an underscore", { ImageName: "_image" }, "InvalidParameter"],
        ["ImageName with a space", { ImageName: "my image" }, "InvalidParameter"],
        ["ImageName with a period", { ImageName: "my.image" }, "InvalidParameter"],
        ["ImageName starting with http://", { ImageName: "http://image" }, "InvalidParameter"],
        ["ImageName starting with https://", { ImageName: "https://image" }, "InvalidParameter"],
        ["ComputeType other than ens_vm", { ComputeType: "bare_metal" }, "InvalidParameter"],
        ["Architecture other than x86_64", { Architecture: "i386" }, "InvalidParameter"],
        ["OSType other than linux/windows", { OSType: "freebsd" }, "InvalidParameter"],
        ["ImageFormat other than qcow2", { ImageFormat: "raw" }, "InvalidParameter"],
        ["Platform other than centos/ubuntu", { Platform: "gentoo" }, "InvalidParameter"],
        ["OSSRegion other than cn-beijing", { OSSRegion: "cn-hangzhou" }, "InvalidParameter"],
        ["TargetOSSRegionId not offered", { TargetOSSRegionId: "us-west-1" }, "InvalidParameter"],
        ["no image source", { OSSBucket: undefined, OSSObject: undefined, OSSRegion: undefined }, "MissingParameter"],
        ["OSSObject missing from the triple", { OSSObject: undefined }, "MissingOSSObject"],
        ["OSSBucket missing from the triple", { OSSBucket: undefined }, "MissingOSSBucket"],
        ["OSSRegion missing from the triple", { OSSRegion: undefined }, "MissingOSSRegion"],
        ["both the triple and DiskDeviceMapping", { DiskDeviceMapping: JSON.stringify([{ OSSBucket: "b", OSSObject: "o", OSSRegion: "cn-beijing" }]) }, "InvalidParameter"],
        ["DiskDeviceMapping that is not JSON", { OSSBucket: undefined, OSSObject: undefined, OSSRegion: undefined, DiskDeviceMapping: "b/o" }, "InvalidParameter"],
        ["DiskDeviceMapping empty", { OSSBucket: undefined, OSSObject: undefined, OSSRegion: undefined, DiskDeviceMapping: "[]" }, "InvalidParameter"],
        ["DiskDeviceMapping entry without OSSObject", { OSSBucket: undefined, OSSObject: undefined, OSSRegion: undefined, DiskDeviceMapping: JSON.stringify([{ OSSBucket: "b", OSSRegion: "cn-beijing" }]) }, "InvalidParameter"],
        ["DiskDeviceMapping entry in another region", { OSSBucket: undefined, OSSObject: undefined, OSSRegion: undefined, DiskDeviceMapping: JSON.stringify([{ OSSBucket: "b", OSSObject: "o", OSSRegion: "cn-shanghai" }]) }, "InvalidParameter"],
    ];

    test.each(METHODS.flatMap((m) => REJECTED.map(([what, o, code]) => [m, what, code, o] as const)))(
        "%s: %s → HTTP 400 %s",
        async (method, _what, code, overrides) => {
            const e = await rejection(importImage(overrides, method));
            expect(e).toMatchObject({ code, status: 400, name: `${code}Error` });
            expect(e.data).toMatchObject({ HostId: "ens.aliyuncs.com", Code: code, Recommend: `https://api.aliyun.com/troubleshoot?q=${code}` });
            expect(e.data.RequestId).toMatch(UUID);
            expect(typeof e.data.Message).toBe("string");
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
    ])("%s=%s → HTTP 400 InvalidParameter", async (name, value) => {
        expect(await rejection(call("GET", "DescribeSelfImages", { [name]: value }))).toMatchObject({ code: "InvalidParameter", status: 400 });
    });

    test("a deleted image disappears from the list (empty Images.Image, not an error)", async () => {
        const id = await importImage();
        await control.advanceClock(IMPORT_MS);
        await call("POST", "DeleteImage", { ImageId: id });
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
        expect(await rejection(call("POST", "DeleteImage", { ImageId: id }, other))).toMatchObject({ code: "InvalidImageId.NotFound", status: 404 });
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
        expect(await rejection(call("GET", "DescribeImages", { PageSize: "51" }))).toMatchObject({ code: "InvalidParameter", status: 400 });
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
        expect((await selfImage(id)).ImageName).toBe("renamed");
    });

    test.each(METHODS)("%s: a Creating or Upload_failed image → HTTP 403 IncorrectImageStatus", async (method) => {
        const creating = await importImage();
        expect(await rejection(call(method, "ModifyImageAttribute", { ImageId: creating, ImageName: "renamed" }))).toMatchObject({ code: "IncorrectImageStatus", status: 403 });
        const failed = await importImage({ OSSObject: "fail.qcow2" });
        await control.advanceClock(IMPORT_MS);
        expect(await rejection(call(method, "ModifyImageAttribute", { ImageId: failed, ImageName: "renamed" }))).toMatchObject({ code: "IncorrectImageStatus", status: 403 });
        expect((await selfImage(failed)).ImageName).toBe("my-image");
    });

    test.each(METHODS)("%s: validation and not found", async (method) => {
        const id = await importImage();
        await control.advanceClock(IMPORT_MS);
        expect(await rejection(call(method, "ModifyImageAttribute", { ImageName: "renamed" }))).toMatchObject({ code: "MissingImageId", status: 400 });
        expect(await rejection(call(method, "ModifyImageAttribute", { ImageId: id }))).toMatchObject({ code: "MissingImageName", status: 400 });
        expect(await rejection(call(method, "ModifyImageAttribute", { ImageId: id, ImageName: "9lives" }))).toMatchObject({ code: "InvalidParameter", status: 400 });
        expect(await rejection(call(method, "ModifyImageAttribute", { ImageId: "m-doesnotexist", ImageName: "renamed" }))).toMatchObject({
            code: "InvalidImageId.NotFound",
            status: 404,
            name: "InvalidImageId.NotFoundError",
        });
    });
});

describe("DeleteImage", () => {
    test.each(METHODS)("%s: deletes an Available image; deleting again → HTTP 404 InvalidImageId.NotFound", async (method) => {
        const id = await importImage();
        await control.advanceClock(IMPORT_MS);
        const r = await call(method, "DeleteImage", { ImageId: id });
        expect(r).toEqual({ RequestId: expect.stringMatching(UUID), Code: 0 });
        expect(await selfImage(id)).toBeUndefined();
        const e = await rejection(call(method, "DeleteImage", { ImageId: id }));
        expect(e).toMatchObject({ code: "InvalidImageId.NotFound", status: 404 });
        expect(e.data).toMatchObject({ HostId: "ens.aliyuncs.com", Message: "The specified image does not exist." });
    });

    test.each(METHODS)("%s: while Creating → HTTP 403 IncorrectImageStatus; a failed import can be deleted", async (method) => {
        const id = await importImage({ OSSObject: "fail.qcow2" });
        expect(await rejection(call(method, "DeleteImage", { ImageId: id }))).toMatchObject({ code: "IncorrectImageStatus", status: 403 });
        await control.advanceClock(IMPORT_MS);
        expect((await call(method, "DeleteImage", { ImageId: id })).Code).toBe(0);
    });

    test.each(METHODS)("%s: ImageId is required → HTTP 400 MissingImageId", async (method) => {
        expect(await rejection(call(method, "DeleteImage", {}))).toMatchObject({ code: "MissingImageId", status: 400 });
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
