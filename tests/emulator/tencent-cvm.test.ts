import { EmulatorControl, startEmulator, type Emulator } from "../../emulator";
import {
    captureSdkRequest,
    commonClient,
    COS_URL,
    cvmClient,
    headerOf,
    importParams,
    REGION,
    resetEmulator,
    resignTc3,
    sendRawRequest,
    startOfSecond,
    tamperBody,
    TC,
    tcError,
    withHeader,
    type CvmClient,
} from "./tencent-helpers";

const IMPORT_MS = 1000;
const IMAGE_ID = /^img-[0-9a-z]{8}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let emu: Emulator;
let ctl: EmulatorControl;
let cvm: CvmClient;

beforeAll(async () => {
    emu = await startEmulator({ importDelayMs: IMPORT_MS });
    ctl = new EmulatorControl(emu.url);
    cvm = cvmClient(emu.port);
});
afterAll(() => emu.close());
beforeEach(() => resetEmulator(ctl));

const finishImports = () => ctl.advanceClock(IMPORT_MS + 1);
const describeOne = async (id: string, c: CvmClient = cvm) => (await c.DescribeImages({ ImageIds: [id] })).ImageSet![0];

describe("ImportImage", () => {
    test("returns the new ImageId; the image is IMPORTING, then NORMAL once the import time has passed", async () => {
        const r = await cvm.ImportImage(importParams("web", { ImageDescription: "desc", TagSpecification: [{ ResourceType: "image", Tags: [{ Key: "k", Value: "v" }] }] }));
        expect(r.ImageId).toMatch(IMAGE_ID);
        expect(r.RequestId).toMatch(UUID);
        const pending = await describeOne(r.ImageId!);
        expect(pending).toMatchObject({
            ImageId: r.ImageId,
            ImageName: "web",
            ImageDescription: "desc",
            ImageState: "IMPORTING",
            ImageType: "PRIVATE_IMAGE",
            ImageSource: "EXTERNAL_IMPORT",
            Architecture: "x86_64",
            Platform: "CentOS",
            Tags: [{ Key: "k", Value: "v" }],
            IsSupportCloudinit: true,
        });
        expect(pending.CreatedTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
        await finishImports();
        expect((await describeOne(r.ImageId!)).ImageState).toBe("NORMAL");
    });

    test("a source URL carrying the failure marker ends in IMPORTFAILED", async () => {
        const { ImageId } = await cvm.ImportImage(importParams("broken", { ImageUrl: `${COS_URL}fail-disk.qcow2` }));
        expect((await describeOne(ImageId!)).ImageState).toBe("IMPORTING");
        await finishImports();
        expect((await describeOne(ImageId!)).ImageState).toBe("IMPORTFAILED");
    });

    test("DryRun checks the request, answers DryRunOperation and creates nothing", async () => {
        await tcError(cvm.ImportImage(importParams("dry", { DryRun: true })), "DryRunOperation");
        await tcError(cvm.ImportImage(importParams("dry", { DryRun: true, OsType: "Plan9" })), "InvalidImageOsType.Unsupported");
        expect((await cvm.DescribeImages({})).TotalCount).toBe(0);
    });

    test.each<[string, Record<string, unknown>, string]>([
        ["a missing ImageName", { ImageName: undefined }, "MissingParameter"],
        ["a missing ImageUrl", { ImageUrl: undefined }, "MissingParameter"],
        ["a name over 60 characters", { ImageName: "n".repeat(61) }, "InvalidParameterValue.TooLarge"],
        ["a description over 256 characters", { ImageDescription: "d".repeat(257) }, "InvalidParameterValue.TooLarge"],
        ["an OS outside the import matrix", { OsType: "Plan9" }, "InvalidImageOsType.Unsupported"],
        ["an OS version outside the matrix", { OsVersion: "99" }, "InvalidImageOsVersion.Unsupported"],
        ["an architecture the OS lacks", { Architecture: "arm_64" }, "InvalidParameterValue"],
        ["a URL that is not one", { ImageUrl: "not a url" }, "InvalidParameter.InvalidParameterUrlError"],
        ["an ISO without Force", { ImageUrl: `${COS_URL}cd.iso` }, "InvalidParameterValue.ISOMustImportByForce"],
        ["an unknown LicenseType", { LicenseType: "GPL" }, "InvalidParameterValue.InvalidLicenseType"],
        ["an unknown BootMode", { BootMode: "EFI" }, "InvalidParameterValue.InvalidBootMode"],
        ["an invalid ImageFamily", { ImageFamily: "9lives" }, "InvalidParameterValue.InvalidImageFamily"],
        ["a DryRun that is not a boolean", { DryRun: "yes" }, "InvalidParameter"],
        ["a tag for another resource type", { TagSpecification: [{ ResourceType: "instance", Tags: [] }] }, "InvalidParameter"],
        ["a data disk without a URL", { ImportImageDataDiskList: [{}] }, "InvalidParameter"],
    ])("rejects %s", async (_what, over, code) => {
        await tcError(cvm.ImportImage(importParams("bad", over)), code);
        expect((await cvm.DescribeImages({})).TotalCount).toBe(0);
    });

    test("an ISO imports with Force, with data disks and the optional settings", async () => {
        const { ImageId } = await cvm.ImportImage(
            importParams("iso", {
                ImageUrl: `${COS_URL}cd.iso`,
                Force: true,
                LicenseType: "BYOL",
                BootMode: "UEFI",
                ImageFamily: "web-family",
                ImportImageDataDiskList: [{ ImageUrl: `${COS_URL}data.qcow2` }],
            }),
        );
        expect(await describeOne(ImageId!)).toMatchObject({ LicenseType: "BYOL", ImageFamily: "web-family" });
    });

    test("names are unique per region, not across regions", async () => {
        await cvm.ImportImage(importParams("same"));
        await tcError(cvm.ImportImage(importParams("same", { ImageUrl: `${COS_URL}other.qcow2` })), "InvalidImageName.Duplicate");
        const shanghai = cvmClient(emu.port, { region: "ap-shanghai" });
        expect((await shanghai.ImportImage(importParams("same"))).ImageId).toMatch(IMAGE_ID);
    });

    test("the image quota is enforced and reported by DescribeImageQuota", async () => {
        await ctl.setOptions({ imageQuota: 1 });
        expect((await cvm.DescribeImageQuota()).ImageNumQuota).toBe(1);
        await cvm.ImportImage(importParams("first"));
        await tcError(cvm.ImportImage(importParams("second")), "ImageQuotaLimitExceeded");
    });

    test("an unknown region is InvalidRegion.NotFound and a missing one MissingParameter", async () => {
        await tcError(cvmClient(emu.port, { region: "xx-nowhere-1" }).ImportImage(importParams("r")), "InvalidRegion.NotFound");
        await tcError(commonClient(emu.port, "2017-03-12").request("DescribeImages", {}), "MissingParameter");
    });
});

describe("DescribeImages", () => {
    async function seed(): Promise<Record<string, string>> {
        const ids: Record<string, string> = {};
        ids.alpha = (await cvm.ImportImage(importParams("alpha-web", { TagSpecification: [{ ResourceType: "image", Tags: [{ Key: "team", Value: "a" }] }] }))).ImageId!;
        ids.beta = (await cvm.ImportImage(importParams("beta-web", { OsType: "Ubuntu", OsVersion: "20.04" }))).ImageId!;
        ids.gamma = (await cvm.ImportImage(importParams("gamma-db", { TagSpecification: [{ ResourceType: "image", Tags: [{ Key: "team", Value: "b" }] }] }))).ImageId!;
        return ids;
    }
    const names = (r: { ImageSet?: { ImageName?: string }[] }) => r.ImageSet!.map((i) => i.ImageName).sort();

    test("by ImageIds; unknown ids simply do not appear", async () => {
        const ids = await seed();
        expect(names(await cvm.DescribeImages({ ImageIds: [ids.alpha, ids.gamma] }))).toEqual(["alpha-web", "gamma-db"]);
        expect(await cvm.DescribeImages({ ImageIds: ["img-00000000"] })).toMatchObject({ TotalCount: 0, ImageSet: [] });
    });

    test("filters: fuzzy image-name, image-id, image-type, platform, tags; AND across filters, OR within values", async () => {
        const ids = await seed();
        const f = (Filters: { Name: string; Values: string[] }[]) => cvm.DescribeImages({ Filters });
        expect(names(await f([{ Name: "image-name", Values: ["web"] }]))).toEqual(["alpha-web", "beta-web"]);
        expect(names(await f([{ Name: "image-id", Values: [ids.beta, ids.gamma] }]))).toEqual(["beta-web", "gamma-db"]);
        expect(names(await f([{ Name: "image-type", Values: ["PRIVATE_IMAGE"] }]))).toHaveLength(3);
        expect(names(await f([{ Name: "image-type", Values: ["PUBLIC_IMAGE"] }]))).toEqual([]);
        expect(names(await f([{ Name: "platform", Values: ["ubuntu"] }]))).toEqual(["beta-web"]);
        expect(names(await f([{ Name: "tag-key", Values: ["team"] }]))).toEqual(["alpha-web", "gamma-db"]);
        expect(names(await f([{ Name: "tag-value", Values: ["b"] }]))).toEqual(["gamma-db"]);
        expect(names(await f([{ Name: "tag:team", Values: ["a"] }]))).toEqual(["alpha-web"]);
        expect(names(await f([{ Name: "image-name", Values: ["web"] }, { Name: "tag-key", Values: ["team"] }]))).toEqual(["alpha-web"]);
    });

    test("pages with Offset and Limit; TotalCount counts every match", async () => {
        await seed();
        const first = await cvm.DescribeImages({ Limit: 2 });
        const rest = await cvm.DescribeImages({ Offset: 2, Limit: 2 });
        expect(first.TotalCount).toBe(3);
        expect(first.ImageSet).toHaveLength(2);
        expect(rest.ImageSet).toHaveLength(1);
        expect([...names(first), ...names(rest)].sort()).toEqual(["alpha-web", "beta-web", "gamma-db"]);
    });

    test("with a listing lag, Filters and plain listings miss a new image until the lag has passed; ImageIds sees it at once", async () => {
        await ctl.setOptions({ listingLagMs: 30_000 });
        const { ImageId } = await cvm.ImportImage(importParams("lagging"));
        expect(names(await cvm.DescribeImages({ ImageIds: [ImageId!] }))).toEqual(["lagging"]);
        expect((await cvm.DescribeImages({})).TotalCount).toBe(0);
        expect((await cvm.DescribeImages({ Filters: [{ Name: "image-id", Values: [ImageId!] }] })).TotalCount).toBe(0);
        // Name checks are not listings: the unlisted image still holds its name.
        await tcError(cvm.ImportImage(importParams("lagging")), "InvalidImageName.Duplicate");
        await ctl.advanceClock(30_000);
        expect(names(await cvm.DescribeImages({ Filters: [{ Name: "image-name", Values: ["lagging"] }] }))).toEqual(["lagging"]);
        expect((await cvm.DescribeImages({})).TotalCount).toBe(1);
    });

    test("images of another region are invisible", async () => {
        const ids = await seed();
        expect((await cvmClient(emu.port, { region: "ap-shanghai" }).DescribeImages({ ImageIds: [ids.alpha] })).TotalCount).toBe(0);
    });

    test.each<[string, Record<string, unknown>, string]>([
        ["ImageIds together with Filters", { ImageIds: ["img-00000000"], Filters: [] }, "InvalidParameter.InvalidParameterCoexistImageIdsFilters"],
        ["an unknown filter", { Filters: [{ Name: "colour", Values: ["x"] }] }, "InvalidFilter"],
        ["more than 5 values in a filter", { Filters: [{ Name: "image-id", Values: ["1", "2", "3", "4", "5", "6"] }] }, "InvalidFilterValue.LimitExceeded"],
        ["more than 10 filters", { Filters: Array.from({ length: 11 }, () => ({ Name: "image-type", Values: ["PRIVATE_IMAGE"] })) }, "InvalidFilterValue.LimitExceeded"],
        ["a Limit over 100", { Limit: 101 }, "InvalidParameterValue.InvalidParameterValueLimit"],
        ["a malformed image id", { ImageIds: ["img-1"] }, "InvalidImageId.Malformed"],
        ["more than 100 ImageIds", { ImageIds: Array.from({ length: 101 }, () => "img-00000000") }, "InvalidParameterValue.LimitExceeded"],
    ])("rejects %s", async (_what, params, code) => {
        await tcError(cvm.DescribeImages(params), code);
    });
});

describe("ModifyImageAttribute", () => {
    test("changes name, description, family and deprecation once the image is NORMAL", async () => {
        const { ImageId } = await cvm.ImportImage(importParams("before"));
        await finishImports();
        const r = await cvm.ModifyImageAttribute({ ImageId: ImageId!, ImageName: "after", ImageDescription: "new", ImageFamily: "fam", ImageDeprecated: true });
        expect(r.RequestId).toMatch(UUID);
        expect(await describeOne(ImageId!)).toMatchObject({ ImageName: "after", ImageDescription: "new", ImageFamily: "fam", ImageDeprecated: true });
    });

    test("an image still importing is InvalidImageId.IncorrectState", async () => {
        const { ImageId } = await cvm.ImportImage(importParams("busy"));
        await tcError(cvm.ModifyImageAttribute({ ImageId: ImageId!, ImageName: "x" }), "InvalidImageId.IncorrectState");
    });

    test("names stay unique; keeping one's own name is fine", async () => {
        await cvm.ImportImage(importParams("taken"));
        const { ImageId } = await cvm.ImportImage(importParams("mine"));
        await finishImports();
        await tcError(cvm.ModifyImageAttribute({ ImageId: ImageId!, ImageName: "taken" }), "InvalidImageName.Duplicate");
        await cvm.ModifyImageAttribute({ ImageId: ImageId!, ImageName: "mine" });
    });

    test.each<[string, Record<string, unknown>, string]>([
        ["an unknown image", { ImageId: "img-00000000", ImageName: "x" }, "InvalidImageId.NotFound"],
        ["a malformed id", { ImageId: "image-1", ImageName: "x" }, "InvalidImageId.Malformed"],
        ["a missing ImageId", { ImageId: undefined, ImageName: "x" }, "MissingParameter"],
        ["a name over 60 characters", { ImageName: "n".repeat(61) }, "InvalidParameterValue.TooLarge"],
        ["a description over 256 characters", { ImageDescription: "d".repeat(257) }, "InvalidParameterValue.TooLarge"],
        ["an invalid family", { ImageFamily: "-x" }, "InvalidParameterValue.InvalidImageFamily"],
        ["an empty name", { ImageName: "" }, "InvalidParameter"],
    ])("rejects %s", async (_what, params, code) => {
        const { ImageId } = await cvm.ImportImage(importParams("target"));
        await finishImports();
        await tcError(cvm.ModifyImageAttribute({ ImageId: ImageId!, ...params } as any), code);
        expect((await describeOne(ImageId!)).ImageName).toBe("target");
    });
});

describe("DeleteImages", () => {
    test("an imported image has a snapshot per disk; they outlive it unless DeleteBindedSnap is set", async () => {
        const snapshots = () => Object.values(((emu.store.snapshot()["tencent-cvm"] as any).snapshots ?? {}) as Record<string, { imageId: string }>);
        const withDisk = { ...importParams("snapped"), ImportImageDataDiskList: [{ ImageUrl: importParams("d").ImageUrl }] };
        const { ImageId: kept } = await cvm.ImportImage(withDisk);
        const { ImageId: clean } = await cvm.ImportImage({ ...withDisk, ImageName: "snapped-2" });
        await finishImports();
        expect((await describeOne(kept!)).SnapshotSet!.map((x) => x.DiskUsage)).toEqual(["SYSTEM_DISK", "DATA_DISK"]);
        await cvm.DeleteImages({ ImageIds: [kept!] });
        await cvm.DeleteImages({ ImageIds: [clean!], DeleteBindedSnap: true });
        expect(snapshots().map((x) => x.imageId)).toEqual([kept, kept]);
    });

    test("deletes; deleting again is InvalidImageId.NotFound", async () => {
        const { ImageId } = await cvm.ImportImage(importParams("gone"));
        await finishImports();
        expect((await cvm.DeleteImages({ ImageIds: [ImageId!], DeleteBindedSnap: true })).RequestId).toMatch(UUID);
        expect((await cvm.DescribeImages({ ImageIds: [ImageId!] })).TotalCount).toBe(0);
        await tcError(cvm.DeleteImages({ ImageIds: [ImageId!] }), "InvalidImageId.NotFound");
    });

    test("is all or nothing: one unknown id keeps every image", async () => {
        const { ImageId } = await cvm.ImportImage(importParams("kept"));
        await finishImports();
        await tcError(cvm.DeleteImages({ ImageIds: [ImageId!, "img-00000000"] }), "InvalidImageId.NotFound");
        expect((await cvm.DescribeImages({ ImageIds: [ImageId!] })).TotalCount).toBe(1);
    });

    test("an image still importing is InvalidImageId.IncorrectState; IMPORTFAILED ones can go", async () => {
        const { ImageId } = await cvm.ImportImage(importParams("busy"));
        await tcError(cvm.DeleteImages({ ImageIds: [ImageId!] }), "InvalidImageId.IncorrectState");
        const failed = (await cvm.ImportImage(importParams("failed", { ImageUrl: `${COS_URL}fail.qcow2` }))).ImageId!;
        await finishImports();
        await cvm.DeleteImages({ ImageIds: [failed] });
    });

    test("DryRun answers DryRunOperation and deletes nothing", async () => {
        const { ImageId } = await cvm.ImportImage(importParams("dry"));
        await finishImports();
        await tcError(cvm.DeleteImages({ ImageIds: [ImageId!], DryRun: true }), "DryRunOperation");
        expect((await cvm.DescribeImages({ ImageIds: [ImageId!] })).TotalCount).toBe(1);
    });

    test.each<[string, Record<string, unknown>, string]>([
        ["a malformed id", { ImageIds: ["img-missing"] }, "InvalidImageId.Malformed"],
        ["no ids", { ImageIds: [] }, "MissingParameter"],
        ["more than 100 ids", { ImageIds: Array.from({ length: 101 }, () => "img-00000000") }, "InvalidParameterValue.LimitExceeded"],
    ])("rejects %s", async (_what, params, code) => {
        await tcError(cvm.DeleteImages(params as any), code);
    });
});

describe("look-ups", () => {
    test("DescribeImportImageOs serves the OS matrix ImportImage validates against", async () => {
        const r = await cvm.DescribeImportImageOs();
        expect(r.ImportImageOsListSupported!.Linux).toContain("CentOS");
        expect(r.ImportImageOsVersionSet!.find((v) => v.OsName === "CentOS")).toMatchObject({ OsVersions: expect.arrayContaining(["7"]) });
        expect(r.RequestId).toMatch(UUID);
    });

    test("DescribeImageQuota reports the configured quota", async () => {
        expect((await cvm.DescribeImageQuota()).ImageNumQuota).toBe(500);
    });
});

describe("protocol", () => {
    test("a wrong secret key is AuthFailure.SignatureFailure", async () => {
        await tcError(cvmClient(emu.port, { secretKey: "not-the-secret" }).DescribeImages({}), "AuthFailure.SignatureFailure");
    });

    test("an unknown SecretId is AuthFailure.SecretIdNotFound", async () => {
        await tcError(cvmClient(emu.port, { secretId: "AKIDUNKNOWN00000000000000000000000000" }).DescribeImages({}), "AuthFailure.SecretIdNotFound");
    });

    test("a timestamp more than five minutes off is AuthFailure.SignatureExpire; four minutes is fine", async () => {
        await ctl.setClock(Date.now() + 4 * 60_000);
        await cvm.DescribeImages({});
        await ctl.setClock(Date.now() + 10 * 60_000);
        await tcError(cvm.DescribeImages({}), "AuthFailure.SignatureExpire");
    });

    test("signatures off accepts a wrong key but still needs a known SecretId", async () => {
        await ctl.setOptions({ signatures: "off" });
        await cvmClient(emu.port, { secretKey: "not-the-secret" }).DescribeImages({});
        await tcError(cvmClient(emu.port, { secretId: "AKIDUNKNOWN00000000000000000000000000" }).DescribeImages({}), "AuthFailure.SecretIdNotFound");
    });

    test("a signed request with one body byte changed is AuthFailure.SignatureFailure; unchanged it is served", async () => {
        const signed = await captureSdkRequest((port) => cvmClient(port).ImportImage(importParams("wire")));
        const tampered = await sendRawRequest(emu.port, tamperBody(signed));
        expect(tampered.status).toBe(200);
        expect(tampered.json.Response.Error.Code).toBe("AuthFailure.SignatureFailure");
        expect((await cvm.DescribeImages({})).TotalCount).toBe(0);
        const intact = await sendRawRequest(emu.port, signed);
        expect(intact.json.Response.ImageId).toMatch(IMAGE_ID);
    });

    describe("the signed host: as sent, port included (the Go SDK), or without the port (the Node SDK)", () => {
        const sent = () => captureSdkRequest((port) => cvmClient(port).ImportImage(importParams("host-form")));

        test("a signature over the Host header as sent, port included, is served", async () => {
            const req = await sent();
            expect(headerOf(req, "Host")).toMatch(/^127\.0\.0\.1:\d+$/);
            const r = await sendRawRequest(emu.port, resignTc3(req, { secretKey: TC.secret, signedHost: headerOf(req, "Host")! }));
            expect(r.json.Response).toEqual({ ImageId: expect.stringMatching(IMAGE_ID), RequestId: expect.stringMatching(UUID) });
        });

        test("the Node SDK's form, the host without its port, is served", async () => {
            const req = await sent();
            const r = await sendRawRequest(emu.port, resignTc3(req, { secretKey: TC.secret, signedHost: "127.0.0.1" }));
            expect(r.json.Response.ImageId).toMatch(IMAGE_ID);
        });

        test.each([
            ["a wrong key over the host with its port", (host: string) => ({ secretKey: "not-the-secret", signedHost: host })],
            ["a wrong key over the host without its port", () => ({ secretKey: "not-the-secret", signedHost: "127.0.0.1" })],
            ["another port than the one sent", () => ({ secretKey: TC.secret, signedHost: "127.0.0.1:1" })],
            ["another host with the port sent", (host: string) => ({ secretKey: TC.secret, signedHost: host.replace("127.0.0.1", "127.0.0.2") })],
            ["another host without a port", () => ({ secretKey: TC.secret, signedHost: "127.0.0.2" })],
        ])("%s is AuthFailure.SignatureFailure, and nothing is imported", async (_name, sign) => {
            const req = await sent();
            const r = await sendRawRequest(emu.port, resignTc3(req, sign(headerOf(req, "Host")!)));
            expect(r.json.Response.Error.Code).toBe("AuthFailure.SignatureFailure");
            expect((await cvm.DescribeImages({})).TotalCount).toBe(0);
        });

        test("a Host sent without a port verifies only as sent", async () => {
            const req = withHeader(await sent(), "Host", "127.0.0.1");
            expect((await sendRawRequest(emu.port, resignTc3(req, { secretKey: TC.secret, signedHost: "127.0.0.1" }))).json.Response.ImageId).toMatch(IMAGE_ID);
            await ctl.reset();
            const padded = await sendRawRequest(emu.port, resignTc3(req, { secretKey: TC.secret, signedHost: `127.0.0.1:${emu.port}` }));
            expect(padded.json.Response.Error.Code).toBe("AuthFailure.SignatureFailure");
        });
    });

    describe("GET (the SDKs' reqMethod GET): the parameters, flattened, travel in the signed query", () => {
        const viaGet = (o: Parameters<typeof cvmClient>[1] = {}) => cvmClient(emu.port, { ...o, method: "GET" });

        test("an import lifecycle: lists, structures, integers and booleans read as in a JSON body", async () => {
            const get = viaGet();
            const { ImageId } = await get.ImportImage(
                importParams("via-get", {
                    ImageDescription: "a b+c&d=é",
                    Force: false,
                    TagSpecification: [{ ResourceType: "image", Tags: [{ Key: "k", Value: "v" }, { Key: "k2", Value: "" }] }],
                    ImportImageDataDiskList: [{ ImageUrl: `${COS_URL}data.qcow2` }],
                }),
            );
            await tcError(get.ImportImage(importParams("dry-get", { DryRun: true })), "DryRunOperation");
            const byFilter = await get.DescribeImages({ Filters: [{ Name: "image-name", Values: ["nothing", "via-get"] }, { Name: "tag:k", Values: ["v"] }], Limit: 5, Offset: 0 });
            expect(byFilter.ImageSet!.map((i) => [i.ImageId, i.ImageDescription, i.Tags])).toEqual([[ImageId, "a b+c&d=é", [{ Key: "k", Value: "v" }, { Key: "k2", Value: "" }]]]);
            expect((await get.DescribeImages({ ImageIds: [ImageId!] })).ImageSet![0].SnapshotSet).toHaveLength(2);
            await finishImports();
            await get.ModifyImageAttribute({ ImageId: ImageId!, ImageDeprecated: true, ImageName: "renamed-get" });
            expect((await cvm.DescribeImages({ ImageIds: [ImageId!] })).ImageSet![0]).toMatchObject({ ImageName: "renamed-get", ImageDeprecated: true });
            await get.DeleteImages({ ImageIds: [ImageId!], DeleteBindedSnap: true });
            expect((await cvm.DescribeImages({})).TotalCount).toBe(0);
        });

        test("a value that is not of its parameter's type is refused as in a JSON body", async () => {
            const get = viaGet();
            await tcError(get.DescribeImages({ Limit: "many" as unknown as number }), "InvalidParameter");
            await tcError(get.DeleteImages({ ImageIds: ["img-00000000"], DeleteBindedSnap: "yes" as unknown as boolean }), "InvalidParameter");
            await tcError(get.DescribeImages({ Limit: 101 }), "InvalidParameterValue.InvalidParameterValueLimit");
        });

        test("a parameter the action does not define is UnknownParameter", async () => {
            await tcError(commonClient(emu.port, "2017-03-12", { region: REGION, method: "GET" }).request("DescribeImages", { ImageId: "img-00000000" }), "UnknownParameter");
        });

        test("a wrong key is AuthFailure.SignatureFailure", async () => {
            await tcError(viaGet({ secretKey: "not-the-secret" }).DescribeImages({ Limit: 1 }), "AuthFailure.SignatureFailure");
        });

        test("a changed query is AuthFailure.SignatureFailure; as signed it is served", async () => {
            const signed = await captureSdkRequest((port) => cvmClient(port, { method: "GET" }).ImportImage(importParams("get-wire")));
            expect(signed.method).toBe("GET");
            expect(signed.path).toContain("ImageName=get-wire");
            const changed = await sendRawRequest(emu.port, { ...signed, path: signed.path!.replace("ImageName=get-wire", "ImageName=get-wirf") });
            expect(changed.json.Response.Error.Code).toBe("AuthFailure.SignatureFailure");
            expect((await cvm.DescribeImages({})).TotalCount).toBe(0);
            expect((await sendRawRequest(emu.port, signed)).json.Response.ImageId).toMatch(IMAGE_ID);
        });

        test("a query that names a parameter both as a value and as a list is InvalidParameter", async () => {
            const signed = await captureSdkRequest((port) => cvmClient(port, { method: "GET" }).DescribeImages({ ImageIds: ["img-00000000"] }));
            const path = `${signed.path}&ImageIds=img-00000001`;
            // Signed over the changed query, so only the parameters can be wrong.
            const r = await sendRawRequest(emu.port, resignTc3({ ...signed, path }, { secretKey: TC.secret, signedHost: "127.0.0.1" }));
            expect(r.json.Response.Error.Code).toBe("InvalidParameter");
        });
    });

    test("an unparsable Authorization header is AuthFailure.InvalidAuthorization", async () => {
        const signed = await captureSdkRequest((port) => cvmClient(port).DescribeImages({}));
        const r = await sendRawRequest(emu.port, { ...signed, headers: signed.headers.map(([k, v]) => [k, k === "Authorization" ? "Bearer nonsense" : v]) });
        expect(r.json.Response.Error.Code).toBe("AuthFailure.InvalidAuthorization");
    });

    test("a signature that leaves content-type or host unsigned is refused", async () => {
        const signed = await captureSdkRequest((port) => cvmClient(port).DescribeImages({}));
        const hostOnly = signed.headers.map(([k, v]) => [k, k === "Authorization" ? v.replace("SignedHeaders=content-type;host", "SignedHeaders=host") : v] as [string, string]);
        const r = await sendRawRequest(emu.port, { ...signed, headers: hostOnly });
        expect(r.json.Response.Error).toEqual({ Code: "AuthFailure.SignatureFailure", Message: "SignedHeaders must include content-type and host." });
    });

    test.each<[string, Record<string, unknown>]>([
        ["ImportImage", { ...importParams("extra"), ImageSize: 20 }],
        ["DescribeImages", { ImageId: "img-00000000" }],
        ["ModifyImageAttribute", { ImageId: "img-00000000", ImageName: "n", Tags: [] }],
        ["DeleteImages", { ImageIds: ["img-00000000"], Force: true }],
        ["DescribeImportImageOs", { OsType: "CentOS" }],
        ["DescribeImageQuota", { Zone: "ap-guangzhou-3" }],
    ])("%s with a parameter its API does not define is UnknownParameter, and does nothing", async (action, params) => {
        const extra = Object.keys(params).at(-1)!;
        const err = await tcError(commonClient(emu.port, "2017-03-12", { region: REGION }).request(action, params), "UnknownParameter");
        expect(err.message).toBe(`The parameter \`${extra}\` is not recognized.`);
        expect((await cvm.DescribeImages({})).TotalCount).toBe(0);
    });

    test("every parameter the SDK model defines is taken", async () => {
        const { ImageId } = await cvm.ImportImage(
            importParams("all-params", {
                ImageDescription: "d",
                DryRun: false,
                Force: false,
                TagSpecification: [{ ResourceType: "image", Tags: [{ Key: "k", Value: "v" }] }],
                LicenseType: "BYOL",
                BootMode: "UEFI",
                ImageFamily: "family",
                ImportImageDataDiskList: [{ ImageUrl: `${COS_URL}data.qcow2` }],
            }),
        );
        await finishImports();
        expect((await cvm.DescribeImages({ ImageIds: [ImageId!], Offset: 0, Limit: 1, InstanceType: "SA5.MEDIUM2" })).TotalCount).toBe(1);
        await cvm.ModifyImageAttribute({ ImageId: ImageId!, ImageName: "renamed", ImageDescription: "d2", ImageFamily: "f2", ImageDeprecated: true });
        await cvm.DescribeImportImageOs();
        await cvm.DescribeImageQuota();
        await cvm.DeleteImages({ ImageIds: [ImageId!], DeleteBindedSnap: true, DryRun: false });
    });

    test("an unknown version is NoSuchVersion and an unknown action InvalidAction", async () => {
        await tcError(commonClient(emu.port, "2099-01-01", { region: REGION }).request("DescribeImages", {}), "NoSuchVersion");
        await tcError(commonClient(emu.port, "2017-03-12", { region: REGION }).request("LaunchRocket", {}), "InvalidAction");
    });

    test("the trace id is echoed, so SDK errors carry it", async () => {
        const err = await tcError(cvm.DeleteImages({ ImageIds: ["img-00000000"] }), "InvalidImageId.NotFound");
        expect(err.traceId).toMatch(UUID);
    });

    test("more than 10 ImportImage calls in one second: RequestLimitExceeded with the documented message", async () => {
        await startOfSecond(emu);
        const results = await Promise.allSettled(Array.from({ length: 11 }, (_, i) => cvm.ImportImage(importParams(`burst-${i}`))));
        const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
        expect(rejected.map((e) => ({ code: e.code, message: e.message }))).toEqual([
            {
                code: "RequestLimitExceeded",
                message: "Your current request times equals to `11` in a second, which exceeds the frequency limit `10` for a second. Please reduce the frequency of calls.",
            },
        ]);
        expect((await cvm.DescribeImages({ Limit: 100 })).TotalCount).toBe(10);
    });

    test("without rate limits the same burst all succeeds", async () => {
        await ctl.setOptions({ rateLimits: false });
        await startOfSecond(emu);
        await Promise.all(Array.from({ length: 11 }, (_, i) => cvm.ImportImage(importParams(`free-${i}`))));
        expect((await cvm.DescribeImages({ Limit: 100 })).TotalCount).toBe(11);
    });
});

describe("faults", () => {
    test("error: the next call answers the injected code, the one after is normal", async () => {
        await ctl.injectFault({ cloud: "tencent-cvm", action: "DescribeImages", times: 1, mode: "error", code: "InternalError", message: "injected" });
        const err = await tcError(cvm.DescribeImages({}), "InternalError");
        expect(err.message).toBe("injected");
        await cvm.DescribeImages({});
    });

    test("delay: the answer comes late but intact", async () => {
        await ctl.injectFault({ cloud: "tencent-cvm", action: "DescribeImageQuota", times: 1, mode: "delay", delayMs: 400 });
        const t0 = Date.now();
        expect((await cvm.DescribeImageQuota()).ImageNumQuota).toBe(500);
        expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
    });

    test("drop: the SDK call fails but the image exists", async () => {
        await ctl.injectFault({ cloud: "tencent-cvm", action: "ImportImage", times: 1, mode: "drop" });
        const err = await cvm.ImportImage(importParams("lost-answer")).then(() => undefined, (e) => e);
        expect(err).toBeInstanceOf(Error);
        // A lost response is a network failure to the SDK: no API code, no request id.
        expect(err.code).toBeUndefined();
        const found = await cvm.DescribeImages({ Filters: [{ Name: "image-name", Values: ["lost-answer"] }] });
        expect(found.ImageSet!.map((i) => i.ImageName)).toEqual(["lost-answer"]);
        expect((await ctl.requests({ action: "ImportImage" })).map((e) => [e.status, e.fault])).toEqual([[0, "drop"]]);
    });
});
