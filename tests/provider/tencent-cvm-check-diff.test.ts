import { UNKNOWN } from "../../provider/core/unknown";
import { COS_URL, cvmInputs, startTestCloud, type TestCloud } from "../support/cloud";

let cloud: TestCloud;
const cvm = () => cloud.provider("tencent-cvm");

beforeAll(async () => {
    cloud = await startTestCloud();
});
afterAll(async () => {
    await cloud.close();
});

async function failures(overrides: Record<string, unknown>) {
    return (await cvm().check({}, cvmInputs(overrides))).failures;
}

describe("check", () => {
    test("valid inputs pass and make no API call", async () => {
        expect(await failures({ imageDescription: "x", tags: { a: "b" }, timeouts: { create: "90m" } })).toEqual([]);
        expect(await cloud.emu.log.query()).toHaveLength(0);
    });

    test.each([
        [{ imageName: undefined }, "imageName", "is required"],
        [{ imageUrl: "" }, "imageUrl", "is required"],
        [{ osType: undefined }, "osType", "is required"],
        [{ osVersion: undefined }, "osVersion", "is required"],
        [{ architecture: undefined }, "architecture", "is required"],
        [{ imageName: "n".repeat(61) }, "imageName", "must be at most 60 characters, got 61"],
        [{ imageDescription: "d".repeat(257) }, "imageDescription", "must be at most 256 characters, got 257"],
        [{ architecture: "arm64" }, "architecture", 'must be one of "x86_64", "i386", "arm_64", got "arm64"'],
        [{ licenseType: "Free" }, "licenseType", 'must be one of "TencentCloud", "BYOL", got "Free"'],
        [{ bootMode: "BIOS" }, "bootMode", 'must be one of "Legacy BIOS", "UEFI", got "BIOS"'],
        [{ imageUrl: "ftp://x/y.qcow2" }, "imageUrl", 'must be an http(s) URL, got scheme "ftp"'],
        [{ imageUrl: "not a url" }, "imageUrl", "must be an absolute http(s) URL"],
        [{ imageUrl: "https://example.com/a.qcow2" }, "imageUrl", "must be a COS object URL such as https://<bucket>-<appid>.cos.<region>.myqcloud.com/<key>"],
        [{ imageUrl: "https://b-1.cos.ap-guangzhou.myqcloud.com/" }, "imageUrl", "must name an object (the URL has no path)"],
        [{ dataDiskUrls: ["https://example.com/d.qcow2"] }, "dataDiskUrls", "must be a COS object URL such as https://<bucket>-<appid>.cos.<region>.myqcloud.com/<key>"],
        [{ dataDiskUrls: "x" }, "dataDiskUrls", "must be a list of strings"],
        [{ region: "Guangzhou" }, "region", "must be a Tencent Cloud region such as ap-guangzhou"],
        [{ force: "yes" }, "force", "must be true or false"],
        [{ tags: { a: 1 } }, "tags", "must be a map of strings to strings"],
        [{ imageFamily: "9lives" }, "imageFamily", "must start with a letter and hold at most 60 letters, digits, '.', '_' or '-'"],
        [{ timeouts: { create: "soon" } }, "timeouts", 'create must be a duration such as "90m", "2h" or "45s", got "soon"'],
        [{ timeouts: { craete: "1h" } }, "timeouts", 'has unknown key "craete" (allowed: create, update, delete)'],
        [{ timeouts: "1h" }, "timeouts", 'must be an object such as { create: "2h", delete: "30m" }'],
        [{ imageUrll: COS_URL }, "imageUrll", "is not a property of this resource"],
    ])("%j fails on %s: %s", async (overrides, property, reason) => {
        expect(await failures(overrides)).toEqual([{ property, reason }]);
    });

    test("a missing region names where it may come from, and config supplies it", async () => {
        expect(await failures({ region: undefined })).toEqual([
            { property: "region", reason: "is required (set it on the resource, with `pulumi config set tencentcloud:region <region>` or TENCENTCLOUD_REGION)" },
        ]);
        cloud.config["tencentcloud:region"] = "ap-shanghai";
        try {
            const r = await cvm().check({}, cvmInputs({ region: undefined }));
            expect(r.failures).toEqual([]);
            expect(r.inputs!.region).toBe("ap-shanghai");
        } finally {
            delete cloud.config["tencentcloud:region"];
        }
    });

    test("unknown values during preview are skipped, never failed", async () => {
        const r = await cvm().check({}, cvmInputs({ imageName: UNKNOWN, imageUrl: UNKNOWN, tags: { a: UNKNOWN }, dataDiskUrls: [UNKNOWN] }));
        expect(r.failures).toEqual([]);
    });
});

describe("diff", () => {
    const olds = { ...cvmInputs({ imageDescription: "v1" }), imageId: "img-abcdefgh", imageState: "NORMAL", imageSize: 20 };

    test.each([
        ["no change", {}, { changes: false, replaces: [], deleteBeforeReplace: false }],
        ["description updates in place", { imageDescription: "v2" }, { changes: true, replaces: [], deleteBeforeReplace: false }],
        ["family updates in place", { imageFamily: "base" }, { changes: true, replaces: [], deleteBeforeReplace: false }],
        ["new name replaces, creating first", { imageName: "other" }, { changes: true, replaces: ["imageName"], deleteBeforeReplace: false }],
        ["new URL replaces, deleting first as the name is kept", { imageUrl: COS_URL.replace("centos-7", "centos-7.9") }, { changes: true, replaces: ["imageUrl"], deleteBeforeReplace: true }],
        ["new OS version replaces", { osVersion: "6" }, { changes: true, replaces: ["osVersion"], deleteBeforeReplace: true }],
        ["new region replaces, creating first", { region: "ap-shanghai" }, { changes: true, replaces: ["region"], deleteBeforeReplace: false }],
        ["tags replace", { tags: { a: "b" } }, { changes: true, replaces: ["tags"], deleteBeforeReplace: true }],
        ["boot mode replaces", { bootMode: "UEFI" }, { changes: true, replaces: ["bootMode"], deleteBeforeReplace: true }],
        ["timeouts are an in-place change (no cloud call)", { timeouts: { delete: "9h" } }, { changes: true, replaces: [], deleteBeforeReplace: false }],
        ["spelling out the cloud's defaults is no change", { force: false, licenseType: "TencentCloud", bootMode: "Legacy BIOS" }, { changes: false, replaces: [], deleteBeforeReplace: false }],
        ["a re-signed presigned URL is not a change", { imageUrl: `${COS_URL}?q-sign-algorithm=sha1&q-ak=AKID&q-sign-time=1;2&q-signature=abc` }, { changes: false, replaces: [], deleteBeforeReplace: false }],
        ["an unknown replace field replaces", { osVersion: UNKNOWN }, { changes: true, replaces: ["osVersion"], deleteBeforeReplace: true }],
        ["an unknown name replaces and deletes first (it may be kept)", { imageName: UNKNOWN }, { changes: true, replaces: ["imageName"], deleteBeforeReplace: true }],
        ["an unknown description is an update", { imageDescription: UNKNOWN }, { changes: true, replaces: [], deleteBeforeReplace: false }],
        ["clearing the description is an in-place update", { imageDescription: "" }, { changes: true, replaces: [], deleteBeforeReplace: false }],
    ])("%s", async (_name, overrides, expected) => {
        expect(await cvm().diff("img-abcdefgh", olds, cvmInputs({ imageDescription: "v1", ...overrides }))).toEqual(expected);
    });

    test("absent optional fields equal empty ones", async () => {
        const o = { ...cvmInputs(), imageState: "NORMAL", imageDescription: "", tags: {}, dataDiskUrls: [] };
        expect((await cvm().diff("img-abcdefgh", o, cvmInputs())).changes).toBe(false);
    });
});
