import * as http from "http";
import { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { EmulatorControl, startEmulator, TEST_CREDENTIALS, type Emulator } from "../../emulator";
import {
    captureSdkRequest,
    COS_URL,
    cvmClient,
    ecmClient,
    importParams,
    normalCvmImage,
    REGION,
    resetEmulator,
    sendRawRequest,
    startOfSecond,
    tamperBody,
    TC,
    tcError,
    type CvmClient,
} from "./tencent-helpers";

const IMPORT_MS = 1000;
const IMAGE_ID = /^img-[0-9a-z]{8}$/;
const OTHER = { id: "AKIDTESTOTHERACCOUNT0000000000000000", secret: "otherSecretKey000000000000000000", account: "100000000002" };

let emu: Emulator;
let ctl: EmulatorControl;
let cvm: CvmClient;
let ecm: CommonClient;

beforeAll(async () => {
    emu = await startEmulator({ importDelayMs: IMPORT_MS, credentials: { ...TEST_CREDENTIALS, tencent: [TC, OTHER] } });
    ctl = new EmulatorControl(emu.url);
    cvm = cvmClient(emu.port);
    ecm = ecmClient(emu.port);
});
afterAll(() => emu.close());
// Most cases find an import by its source, which the emulator reports when asked (the cloud may not).
beforeEach(async () => {
    await resetEmulator(ctl);
    await ctl.setOptions({ ecmSourceImage: "filled" });
});

const finishImports = () => ctl.advanceClock(IMPORT_MS + 1);

interface EcmImage {
    ImageId: string;
    ImageName: string;
    ImageState: string;
    TaskId: string;
    SrcImage: { ImageId: string };
    [k: string]: unknown;
}
interface DescribeImageResult {
    TotalCount: number;
    ImageSet: EcmImage[] | null;
}

const describeImage = (params: Record<string, unknown> = {}, client = ecm) => client.request("DescribeImage", params) as Promise<DescribeImageResult>;

/** How the provider finds an ECM import, since ImportImage returns no id. */
async function findImport(cvmId: string): Promise<EcmImage | undefined> {
    const r = await describeImage({ Filters: [{ Name: "image-type", Values: ["PRIVATE_IMAGE"] }], Limit: 100 });
    return (r.ImageSet ?? []).find((i) => i.SrcImage.ImageId === cvmId);
}

const importToEcm = (ImageId: string, over: Record<string, unknown> = {}, client = ecm) =>
    client.request("ImportImage", { ImageId, ImageDescription: "copied to ecm", SourceRegion: "ap-guangzhou", ...over });

describe("ImportImage (CVM image → ECM)", () => {
    test("answers only a RequestId; the new image is found by SrcImage and goes IMPORTING → NORMAL", async () => {
        const cvmId = await normalCvmImage(emu, cvm, "web-base", { ImageDescription: "cvm desc", OsType: "CentOS", OsVersion: "7", Architecture: "i386" });
        const r = await importToEcm(cvmId);
        expect(Object.keys(r)).toEqual(["RequestId"]);
        const img = (await findImport(cvmId))!;
        expect(img).toEqual({
            ImageId: expect.stringMatching(IMAGE_ID),
            ImageName: "web-base",
            ImageState: "IMPORTING",
            ImageType: "PRIVATE_IMAGE",
            ImageOsName: "CentOS 7 32位",
            ImageDescription: "copied to ecm",
            ImageCreateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
            Architecture: "i386",
            OsType: "CentOS",
            OsVersion: "CentOS 7 32位",
            Platform: "",
            ImageOwner: 100000000001,
            ImageSize: 0,
            ImageSource: "EXTERNAL_IMPORT",
            TaskId: expect.stringMatching(/^\d+$/),
            IsSupportCloudInit: true,
            SrcImage: {
                ImageId: cvmId,
                ImageName: "web-base",
                ImageOsName: "CentOS 7 32位",
                ImageDescription: "cvm desc",
                Region: "ap-guangzhou",
                RegionID: 0,
                RegionName: "",
                InstanceName: "",
                InstanceId: "",
                ImageType: "PRIVATE_IMAGE",
            },
        });
        expect(img.ImageId).not.toBe(cvmId);
        await finishImports();
        expect(await findImport(cvmId)).toMatchObject({ ImageId: img.ImageId, ImageState: "NORMAL", TaskId: "", ImageSize: 20 });
    });

    test("ImageCreateTime is Beijing wall-clock time, not ISO-8601", async () => {
        const cvmId = await normalCvmImage(emu, cvm, "timed");
        // A fixed instant far from the SDK's own clock, so signatures (not under test here) are off.
        await ctl.setOptions({ signatures: "off" });
        await ctl.setClock(Date.parse("2030-03-01T20:30:05Z"));
        await importToEcm(cvmId);
        expect((await findImport(cvmId))!.ImageCreateTime).toBe("2030-03-02 04:30:05");
    });

    test("a CVM source carrying the failure marker ends IMPORTFAILED, keeping its TaskId", async () => {
        // The CVM import itself must succeed, so the marker is only armed for the ECM copy.
        await ctl.setOptions({ failureMarker: "" });
        const cvmId = await normalCvmImage(emu, cvm, "doomed", { ImageUrl: `${COS_URL}fail-later.qcow2` });
        await ctl.setOptions({ failureMarker: "fail" });
        await importToEcm(cvmId);
        await finishImports();
        const img = (await findImport(cvmId))!;
        expect(img.ImageState).toBe("IMPORTFAILED");
        expect(img.TaskId).toMatch(/^\d+$/);
    });

    test("the failure convention: an ImageDescription carrying the marker ends IMPORTFAILED", async () => {
        const cvmId = await normalCvmImage(emu, cvm, "doomed-by-description");
        await importToEcm(cvmId, { ImageDescription: "please fail" });
        await finishImports();
        expect((await findImport(cvmId))!.ImageState).toBe("IMPORTFAILED");
    });

    test("a second import of the same CVM image is InvalidParameterValue.ImageDuplicate", async () => {
        const cvmId = await normalCvmImage(emu, cvm, "twice");
        await importToEcm(cvmId);
        await tcError(importToEcm(cvmId), "InvalidParameterValue.ImageDuplicate");
        expect((await describeImage()).TotalCount).toBe(1);
    });

    test("after the ECM image is deleted the CVM image can be imported again", async () => {
        const cvmId = await normalCvmImage(emu, cvm, "again");
        await importToEcm(cvmId);
        await finishImports();
        await ecm.request("DeleteImage", { ImageIDSet: [(await findImport(cvmId))!.ImageId] });
        await importToEcm(cvmId);
        expect(await findImport(cvmId)).toMatchObject({ ImageState: "IMPORTING" });
    });

    test("the CVM image must exist in SourceRegion, belong to the caller and be NORMAL", async () => {
        const cvmId = await normalCvmImage(emu, cvm, "mine");
        await tcError(importToEcm(cvmId, { SourceRegion: "ap-shanghai" }), "InvalidParameterValue.InvalidImageID");
        await tcError(importToEcm(cvmId, {}, ecmClient(emu.port, { secretId: OTHER.id, secretKey: OTHER.secret })), "InvalidParameterValue.InvalidImageID");
        await tcError(importToEcm("img-00000000"), "InvalidParameterValue.InvalidImageID");
        const { ImageId: pending } = await cvm.ImportImage(importParams("pending"));
        await tcError(importToEcm(pending!), "InvalidParameterValue.InvalidImageID");
        await ctl.setOptions({ failureMarker: "fail" });
        const { ImageId: failed } = await cvm.ImportImage(importParams("failed", { ImageUrl: `${COS_URL}fail.qcow2` }));
        await finishImports();
        await tcError(importToEcm(failed!), "InvalidParameterValue.InvalidImageID");
        expect((await describeImage()).TotalCount).toBe(0);
    });

    test.each<[string, Record<string, unknown>, string]>([
        ["a malformed ImageId", { ImageId: "img-1" }, "InvalidParameterValue.InvalidImageID"],
        ["an unknown SourceRegion", { SourceRegion: "xx-nowhere-1" }, "InvalidParameterValue.UnsupportedRegion"],
        ["a missing ImageId", { ImageId: undefined }, "MissingParameter.MissingImageParameter"],
        ["a missing ImageDescription", { ImageDescription: undefined }, "MissingParameter.MissingImageParameter"],
        ["a missing SourceRegion", { SourceRegion: undefined }, "MissingParameter.MissingImageParameter"],
        ["a description over 60 characters", { ImageDescription: "d".repeat(61) }, "InvalidParameterValue.ParameterValueTooLarge"],
        ["a description that is not a string", { ImageDescription: 42 }, "InvalidParameter.InvalidDataFormat"],
    ])("rejects %s", async (_what, over, code) => {
        const cvmId = await normalCvmImage(emu, cvm, "src");
        await tcError(importToEcm(cvmId, over), code);
        expect((await describeImage()).TotalCount).toBe(0);
    });

    test("ECM names are unique: a second CVM image of the same name is ImageNameDuplicate", async () => {
        const a = await normalCvmImage(emu, cvm, "same-name");
        const b = await normalCvmImage(emu, cvmClient(emu.port, { region: "ap-shanghai" }), "same-name");
        await importToEcm(a);
        await tcError(importToEcm(b, { SourceRegion: "ap-shanghai" }), "InvalidParameterValue.ImageNameDuplicate");
    });

    test("the private image quota is ResourceInsufficient.InvaildPrivateImageNum", async () => {
        const a = await normalCvmImage(emu, cvm, "q1");
        const b = await normalCvmImage(emu, cvm, "q2");
        await ctl.setOptions({ imageQuota: 1 });
        await importToEcm(a);
        await tcError(importToEcm(b), "ResourceInsufficient.InvaildPrivateImageNum");
    });

    test("X-TC-Region is ignored: ECM is one image set per account", async () => {
        const cvmId = await normalCvmImage(emu, cvm, "anywhere");
        await importToEcm(cvmId, {}, ecmClient(emu.port, { region: "xx-nowhere-1" }));
        expect((await describeImage({}, ecmClient(emu.port, { region: "ap-shanghai" }))).TotalCount).toBe(1);
        expect((await describeImage({}, ecmClient(emu.port, { secretId: OTHER.id, secretKey: OTHER.secret }))).TotalCount).toBe(0);
    });
});

describe("DescribeImage", () => {
    async function seed(): Promise<Record<string, string>> {
        const ids: Record<string, string> = {};
        const sources = {
            alpha: await normalCvmImage(emu, cvm, "alpha-web"),
            beta: await normalCvmImage(emu, cvm, "beta-web", { OsType: "Ubuntu", OsVersion: "20.04" }),
            gamma: await normalCvmImage(emu, cvm, "gamma-db"),
        };
        for (const [k, cvmId] of Object.entries(sources)) {
            await importToEcm(cvmId);
            ids[k] = (await findImport(cvmId))!.ImageId;
        }
        return ids;
    }
    const names = (r: DescribeImageResult) => (r.ImageSet ?? []).map((i) => i.ImageName).sort();
    const f = (...Filters: { Name: string; Values: unknown[] }[]) => describeImage({ Filters });

    test("filters: image-id, image-type, instance-type, fuzzy image-name and image-os", async () => {
        const ids = await seed();
        expect(names(await f({ Name: "image-id", Values: [ids.alpha, ids.gamma] }))).toEqual(["alpha-web", "gamma-db"]);
        expect(names(await f({ Name: "image-type", Values: ["PRIVATE_IMAGE"] }))).toHaveLength(3);
        expect(names(await f({ Name: "image-type", Values: ["PUBLIC_IMAGE"] }))).toEqual([]);
        expect(names(await f({ Name: "instance-type", Values: ["ecm.s5.large"] }))).toHaveLength(3);
        expect(names(await f({ Name: "image-name", Values: ["web"] }))).toEqual(["alpha-web", "beta-web"]);
        expect(names(await f({ Name: "image-os", Values: ["ubuntu"] }))).toEqual(["beta-web"]);
        expect(names(await f({ Name: "image-name", Values: ["web"] }, { Name: "image-os", Values: ["centos"] }))).toEqual(["alpha-web"]);
        // An empty answer's ImageSet is null, as the API documents it may be.
        expect(await f({ Name: "image-id", Values: ["img-00000000"] })).toMatchObject({ TotalCount: 0, ImageSet: null });
    });

    test("with a listing lag, a new import is missing from listings until the lag has passed; the image-id filter sees it at once", async () => {
        const cvmId = await normalCvmImage(emu, cvm, "lagging");
        await ctl.setOptions({ listingLagMs: 30_000 });
        await importToEcm(cvmId);
        expect(await findImport(cvmId)).toBeUndefined();
        expect((await describeImage()).TotalCount).toBe(0);
        expect((await f({ Name: "image-name", Values: ["lagging"] })).TotalCount).toBe(0);
        // ImportImage answers no id; the test reads it from the emulator's state instead.
        const [{ id }] = (await ctl.state()).clouds["tencent-ecm"].images;
        expect(names(await f({ Name: "image-id", Values: [id] }))).toEqual(["lagging"]);
        await ctl.advanceClock(30_000);
        expect((await findImport(cvmId))?.ImageId).toBe(id);
    });

    test("pages with Offset and Limit; TotalCount counts every match", async () => {
        await seed();
        const first = await describeImage({ Offset: 0, Limit: 2 });
        const rest = await describeImage({ Offset: 2, Limit: 2 });
        expect([first.TotalCount, first.ImageSet!.length, rest.ImageSet!.length]).toEqual([3, 2, 1]);
        expect([...names(first), ...names(rest)].sort()).toEqual(["alpha-web", "beta-web", "gamma-db"]);
    });

    test.each<[string, Record<string, unknown>, string]>([
        ["an unknown filter", { Filters: [{ Name: "platform", Values: ["x"] }] }, "InvalidParameterValue.InvalidFilter"],
        ["image-name with two values", { Filters: [{ Name: "image-name", Values: ["a", "b"] }] }, "InvalidParameterValue.InvalidFilter"],
        ["image-os with two values", { Filters: [{ Name: "image-os", Values: ["a", "b"] }] }, "InvalidParameterValue.InvalidFilter"],
        ["an unknown image-type", { Filters: [{ Name: "image-type", Values: ["SHARED_IMAGE"] }] }, "InvalidParameterValue.InvalidFilter"],
        ["a malformed image-id", { Filters: [{ Name: "image-id", Values: ["img-1"] }] }, "InvalidParameterValue.InvalidImageID"],
        ["more than 10 filters", { Filters: Array.from({ length: 11 }, () => ({ Name: "image-type", Values: ["PRIVATE_IMAGE"] })) }, "InvalidParameterValue.ParameterValueTooLarge"],
        ["a Limit over 100", { Limit: 101 }, "InvalidParameterValue.InvaildPageParam"],
        ["a negative Offset", { Offset: -1 }, "InvalidParameterValue.InvaildPageParam"],
        ["a Limit that is not a number", { Limit: "10" }, "InvalidParameter.InvalidDataFormat"],
        ["a filter without Values", { Filters: [{ Name: "image-id" }] }, "InvalidParameter.InvalidDataFormat"],
    ])("rejects %s", async (_what, params, code) => {
        await tcError(describeImage(params), code);
    });
});

describe("ModifyImageAttribute", () => {
    async function ecmImage(name: string): Promise<string> {
        const cvmId = await normalCvmImage(emu, cvm, name);
        await importToEcm(cvmId);
        return (await findImport(cvmId))!.ImageId;
    }

    test("renames and re-describes a NORMAL image", async () => {
        const id = await ecmImage("old-name");
        await finishImports();
        const r = await ecm.request("ModifyImageAttribute", { ImageId: id, ImageName: "n".repeat(20), ImageDescription: "d".repeat(60) });
        expect(Object.keys(r)).toEqual(["RequestId"]);
        expect((await describeImage({ Filters: [{ Name: "image-id", Values: [id] }] })).ImageSet![0]).toMatchObject({
            ImageName: "n".repeat(20),
            ImageDescription: "d".repeat(60),
        });
    });

    test("an image still importing is FailedOperation.OperationNotAllow", async () => {
        const id = await ecmImage("busy");
        await tcError(ecm.request("ModifyImageAttribute", { ImageId: id, ImageName: "x" }), "FailedOperation.OperationNotAllow");
    });

    test("names stay unique: InvalidParameterValue.ImageNameDuplicate", async () => {
        await ecmImage("taken");
        const id = await ecmImage("mine");
        await finishImports();
        await tcError(ecm.request("ModifyImageAttribute", { ImageId: id, ImageName: "taken" }), "InvalidParameterValue.ImageNameDuplicate");
        await ecm.request("ModifyImageAttribute", { ImageId: id, ImageName: "mine" });
    });

    test.each<[string, Record<string, unknown>, string]>([
        ["a name over 20 characters", { ImageName: "n".repeat(21) }, "InvalidParameterValue"],
        ["a description over 60 characters", { ImageDescription: "d".repeat(61) }, "InvalidParameterValue"],
        ["an empty name", { ImageName: "" }, "InvalidParameterValue"],
        ["a missing ImageId", { ImageId: undefined, ImageName: "x" }, "MissingParameter.MissingImageParameter"],
        ["nothing to change", {}, "MissingParameter"],
        ["an unknown image", { ImageId: "img-00000000", ImageName: "x" }, "ResourceNotFound"],
        ["a name that is not a string", { ImageName: 7 }, "InvalidParameter"],
    ])("rejects %s", async (_what, params, code) => {
        const id = await ecmImage("target");
        await finishImports();
        await tcError(ecm.request("ModifyImageAttribute", { ImageId: id, ...params }), code);
        expect((await describeImage()).ImageSet![0].ImageName).toBe("target");
    });

    test("another account's image is ResourceNotFound", async () => {
        const id = await ecmImage("private");
        await finishImports();
        const other = ecmClient(emu.port, { secretId: OTHER.id, secretKey: OTHER.secret });
        await tcError(other.request("ModifyImageAttribute", { ImageId: id, ImageName: "stolen" }), "ResourceNotFound");
    });
});

describe("DeleteImage", () => {
    async function ecmImage(name: string, over: Record<string, unknown> = {}): Promise<string> {
        const cvmId = await normalCvmImage(emu, cvm, name, over);
        await importToEcm(cvmId);
        return (await findImport(cvmId))!.ImageId;
    }

    test("deletes with ImageIDSet; deleting again is ResourceNotFound", async () => {
        const id = await ecmImage("gone");
        await finishImports();
        expect(Object.keys(await ecm.request("DeleteImage", { ImageIDSet: [id] }))).toEqual(["RequestId"]);
        expect((await describeImage()).TotalCount).toBe(0);
        await tcError(ecm.request("DeleteImage", { ImageIDSet: [id] }), "ResourceNotFound");
    });

    test("is all or nothing: one unknown id keeps every image", async () => {
        const id = await ecmImage("kept");
        await finishImports();
        await tcError(ecm.request("DeleteImage", { ImageIDSet: [id, "img-00000000"] }), "ResourceNotFound");
        expect((await describeImage()).TotalCount).toBe(1);
    });

    test("an image still importing is FailedOperation.ImageInUse; an IMPORTFAILED one can be deleted", async () => {
        const id = await ecmImage("busy");
        await tcError(ecm.request("DeleteImage", { ImageIDSet: [id] }), "FailedOperation.ImageInUse");
        await ctl.setOptions({ failureMarker: "" });
        const failed = await ecmImage("failing", { ImageUrl: `${COS_URL}fail.qcow2` });
        await ctl.setOptions({ failureMarker: "fail" });
        await finishImports();
        await ecm.request("DeleteImage", { ImageIDSet: [failed] });
        expect((await describeImage()).ImageSet!.map((i) => i.ImageId)).toEqual([id]);
    });

    test.each<[string, Record<string, unknown>, string]>([
        ["a malformed id", { ImageIDSet: ["img-ecm-1"] }, "InvalidParameterValue.InvalidImageID"],
        ["a missing ImageIDSet", {}, "MissingParameter"],
        ["ids that are not strings", { ImageIDSet: [1] }, "InvalidParameter.InvalidDataFormat"],
        ["more than 100 ids", { ImageIDSet: Array.from({ length: 101 }, (_, i) => `img-${String(i).padStart(8, "0")}`) }, "InvalidParameterValue.ParameterValueTooLarge"],
    ])("rejects %s", async (_what, params, code) => {
        await tcError(ecm.request("DeleteImage", params), code);
    });
});

describe("look-ups", () => {
    test("DescribeImportImageOs has CVM's shape", async () => {
        const r = await ecm.request("DescribeImportImageOs", {});
        expect(r.ImportImageOsListSupported.Linux).toContain("CentOS");
        expect(r.ImportImageOsVersionSet.find((v: { OsName: string }) => v.OsName === "Ubuntu")).toMatchObject({ OsVersions: expect.any(Array) });
    });

    test("DescribeTaskStatus follows the image's TaskId: OPERATING, then SUCCESS", async () => {
        const cvmId = await normalCvmImage(emu, cvm, "tracked");
        await importToEcm(cvmId);
        const { TaskId } = (await findImport(cvmId))!;
        const status = async () => (await ecm.request("DescribeTaskStatus", { TaskSet: [{ Operation: "ImportImage", TaskId }] })).TaskSet[0];
        expect(await status()).toMatchObject({ TaskId, Status: "OPERATING", EndTime: "", Operation: "ImportImage" });
        await finishImports();
        expect(await status()).toMatchObject({ TaskId, Status: "SUCCESS", EndTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) });
        await tcError(ecm.request("DescribeTaskStatus", { TaskSet: [{ Operation: "ImportImage", TaskId: "1" }] }), "InvalidParameterValue.TaskNotFound");
    });
});

describe("protocol", () => {
    test("ECM answers 20 calls a second; the 21st is RequestLimitExceeded", async () => {
        await startOfSecond(emu);
        const results = await Promise.allSettled(Array.from({ length: 21 }, () => describeImage()));
        const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
        expect(rejected.map((e) => ({ code: e.code, message: e.message }))).toEqual([
            {
                code: "RequestLimitExceeded",
                message: "Your current request times equals to `21` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls.",
            },
        ]);
    });

    test("limits are per action: a DescribeImage burst leaves ImportImage alone", async () => {
        const cvmId = await normalCvmImage(emu, cvm, "unthrottled");
        await startOfSecond(emu);
        await Promise.allSettled(Array.from({ length: 21 }, () => describeImage()));
        await importToEcm(cvmId);
    });

    test.each<[string, Record<string, unknown>]>([
        ["ImportImage", { ImageId: "img-00000000", ImageDescription: "d", SourceRegion: REGION, ImageName: "n" }],
        ["DescribeImage", { ImageIds: ["img-00000000"] }],
        ["ModifyImageAttribute", { ImageId: "img-00000000", ImageName: "n", ImageFamily: "f" }],
        ["DeleteImage", { ImageIds: ["img-00000000"] }],
        ["DescribeImportImageOs", { Region: REGION }],
        ["DescribeTaskStatus", { TaskSet: [{ Operation: "ImportImage", TaskId: "1" }], Limit: 1 }],
    ])("%s with a parameter its API does not define is UnknownParameter", async (action, params) => {
        const err = await tcError(ecm.request(action, params), "UnknownParameter");
        expect(err.message).toBe(`The parameter \`${Object.keys(params).at(-1)}\` is not recognized.`);
    });

    test("GET (the SDK's reqMethod GET, parameters in the signed query) imports, finds, pages and deletes", async () => {
        const get = ecmClient(emu.port, { method: "GET" });
        const cvmId = await normalCvmImage(emu, cvm, "via-get");
        await get.request("ImportImage", { ImageId: cvmId, ImageDescription: "copied via GET", SourceRegion: REGION });
        const found = await get.request("DescribeImage", { Filters: [{ Name: "image-type", Values: ["PRIVATE_IMAGE"] }, { Name: "image-name", Values: ["via-get"] }], Offset: 0, Limit: 10 });
        expect(found.ImageSet.map((i: { ImageDescription: string }) => i.ImageDescription)).toEqual(["copied via GET"]);
        await tcError(get.request("DescribeImage", { Limit: "ten" }), "InvalidParameter.InvalidDataFormat");
        await finishImports();
        await get.request("DeleteImage", { ImageIDSet: [found.ImageSet[0].ImageId] });
        expect((await describeImage({})).TotalCount).toBe(0);
        await tcError(ecmClient(emu.port, { method: "GET", secretKey: "wrong" }).request("DescribeImage", {}), "AuthFailure.SignatureFailure");
    });

    test("a wrong secret is AuthFailure.SignatureFailure, an unknown SecretId AuthFailure.SecretIdNotFound", async () => {
        await tcError(describeImage({}, ecmClient(emu.port, { secretKey: "wrong" })), "AuthFailure.SignatureFailure");
        await tcError(describeImage({}, ecmClient(emu.port, { secretId: "AKIDUNKNOWN00000000000000000000000000" })), "AuthFailure.SecretIdNotFound");
    });

    test("a stale timestamp is AuthFailure.SignatureExpire", async () => {
        await ctl.setClock(Date.now() - 10 * 60_000);
        await tcError(describeImage(), "AuthFailure.SignatureExpire");
    });

    test("a signed ImportImage with one body byte changed is rejected and imports nothing", async () => {
        const cvmId = await normalCvmImage(emu, cvm, "wire");
        const signed = await captureSdkRequest((port) => importToEcm(cvmId, {}, ecmClient(port)));
        const r = await sendRawRequest(emu.port, tamperBody(signed));
        expect(r.json.Response.Error.Code).toBe("AuthFailure.SignatureFailure");
        expect((await describeImage()).TotalCount).toBe(0);
        expect(Object.keys((await sendRawRequest(emu.port, signed)).json.Response)).toEqual(["RequestId"]);
        expect((await describeImage()).TotalCount).toBe(1);
    });

    test("the real hostname with a loopback lookup signs for service ecm and is served", async () => {
        const agent = new http.Agent({
            lookup: ((_h: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) =>
                o && o.all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4)) as any,
        });
        const byName = new CommonClient("ecm.tencentcloudapi.com", "2019-07-19", {
            credential: { secretId: TC.id, secretKey: TC.secret },
            profile: { httpProfile: { endpoint: `ecm.tencentcloudapi.com:${emu.port}`, protocol: "http://", agent } },
        });
        expect(await byName.request("DescribeImage", {})).toMatchObject({ TotalCount: 0 });
        agent.destroy();
    });

    test("an injected fault answers in ECM's envelope", async () => {
        await ctl.injectFault({ cloud: "tencent-ecm", action: "DescribeImage", times: 1, mode: "error", code: "FailedOperation.InternalOperationFailure", message: "injected" });
        await tcError(describeImage(), "FailedOperation.InternalOperationFailure");
        await describeImage();
    });

    test("the state snapshot lists ECM images with their derived state", async () => {
        const cvmId = await normalCvmImage(emu, cvm, "snap");
        await importToEcm(cvmId);
        const state = await ctl.state();
        expect(state.clouds["tencent-ecm"].images).toEqual([expect.objectContaining({ name: "snap", state: "IMPORTING", source: expect.objectContaining({ imageId: cvmId }) })]);
    });
});

describe("where the cloud is less kind than a test would like", () => {
    test("by default SrcImage of an imported image is empty, as in the published example: the source must be found otherwise", async () => {
        await ctl.setOptions({ ecmSourceImage: "empty" });
        const cvmId = await normalCvmImage(emu, cvmClient(emu.port), "empty-src");
        await importToEcm(cvmId);
        const [img] = (await describeImage({ Filters: [{ Name: "image-type", Values: ["PRIVATE_IMAGE"] }] })).ImageSet!;
        expect(img.SrcImage).toMatchObject({ ImageId: "", Region: "", ImageName: "" });
        // What the create controls still shows: its description, and a creation time after it started.
        expect(img).toMatchObject({ ImageDescription: "copied to ecm", ImageName: "empty-src" });
    });

    test("no images is ImageSet null, as the API documents", async () => {
        expect(await describeImage()).toMatchObject({ TotalCount: 0, ImageSet: null });
    });

    test("a CVM name longer than ECM's 20 characters is cut to fit", async () => {
        const cvmId = await normalCvmImage(emu, cvmClient(emu.port), "a-cvm-name-of-30-characters-xx");
        await importToEcm(cvmId);
        expect((await findImport(cvmId))!.ImageName).toBe("a-cvm-name-of-30-cha");
    });
});
