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
    test("valid inputs pass; the one call is the cloud's OS table, looked up once per region", async () => {
        expect(await failures({ imageDescription: "x", tags: { a: "b" }, timeouts: { create: "90m" } })).toEqual([]);
        expect(await failures({ imageName: "another" })).toEqual([]);
        expect(cloud.emu.log.query().map((l) => l.action)).toEqual(["DescribeImportImageOs"]);
    });

    test("an OS version the cloud's table lacks fails in check, so a delete-first replace never deletes", async () => {
        expect(await failures({ osVersion: "42" })).toEqual([{ property: "osVersion", reason: expect.stringMatching(/^"42" is not supported for CentOS; supported: /) }]);
        expect(cloud.emu.log.query({ action: "ImportImage" })).toHaveLength(0);
    });

    test("a policy that denies the OS table look-up does not fail the preview; it says what it could not check", async () => {
        // Another region: the table of ap-guangzhou is cached by now.
        cloud.emu.faults.add({ cloud: "tencent-cvm", action: "DescribeImportImageOs", times: 1, mode: "error", code: "UnauthorizedOperation" });
        const beijing = { region: "ap-beijing", imageUrl: COS_URL.replace("ap-guangzhou", "ap-beijing") };
        expect(await failures(beijing)).toEqual([]);
        expect(cloud.logs.some((l) => l.includes("not checked against the cloud's tables (Tencent Cloud CVM DescribeImportImageOs failed"))).toBe(true);
    });

    test("without credentials (a pull-request preview) check still passes the documented rules and says what it could not check", async () => {
        const saved = { ...cloud.config };
        delete cloud.config["tencentcloud:secretId"];
        delete cloud.config["tencentcloud:secretKey"];
        const env = { id: process.env.TENCENTCLOUD_SECRET_ID, key: process.env.TENCENTCLOUD_SECRET_KEY };
        delete process.env.TENCENTCLOUD_SECRET_ID;
        delete process.env.TENCENTCLOUD_SECRET_KEY;
        try {
            expect(await failures({ osVersion: "42" })).toEqual([]);
            expect(cloud.logs.some((l) => l.includes("not checked against the cloud's tables (No Tencent Cloud credentials"))).toBe(true);
        } finally {
            Object.assign(cloud.config, saved);
            if (env.id !== undefined) process.env.TENCENTCLOUD_SECRET_ID = env.id;
            if (env.key !== undefined) process.env.TENCENTCLOUD_SECRET_KEY = env.key;
        }
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
        [{ timeouts: { create: "soon" } }, "timeouts", 'create must be a duration such as "90m", "2h", "1h30m" or "45s", got "soon"'],
        [{ timeouts: { craete: "1h" } }, "timeouts", 'has unknown key "craete" (allowed: create, update, delete)'],
        [{ timeouts: "1h" }, "timeouts", 'must be an object such as { create: "2h", delete: "30m" }'],
        [{ imageUrll: COS_URL }, "imageUrll", "is not a property of this resource"],
        // What check used to let through.
        [{ imageName: "base\nimage" }, "imageName", "must not contain control characters (such as NUL or a newline)"],
        [{ imageName: "base\u0000" }, "imageName", "must not contain control characters (such as NUL or a newline)"],
        [{ imageUrl: "https://user:pw@b-1.cos.ap-guangzhou.myqcloud.com/a.qcow2" }, "imageUrl", "must not carry user:password@ (it would be kept in state); use a presigned URL, which is kept secret"],
        [{ tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"])) }, "tags", "must hold at most 49 tags (the cloud allows 50 and the import token takes one), got 50"],
        [{ tags: { ["k".repeat(128)]: "v" } }, "tags", `tag key "${"k".repeat(128)}" must be 1 to 127 characters`],
        [{ tags: { k: "v".repeat(256) } }, "tags", 'the value of tag "k" must be at most 255 characters'],
        [{ tags: { "qcloud:owner": "me" } }, "tags", 'tag key "qcloud:owner" must not start with qcloud, tencent or project (reserved)'],
        [{ tags: { project: "x" } }, "tags", 'tag key "project" must not start with qcloud, tencent or project (reserved)'],
        [{ imageUrl: "https://b-1.cos.ap-guangzhou.myqcloud.com/boot.iso" }, "imageUrl", "is an ISO file, which CVM imports only with force: true"],
        [{ imageUrl: "https://b-1.cos.ap-shanghai.myqcloud.com/a.qcow2" }, "imageUrl", "is in the COS region ap-shanghai, but the image's region is ap-guangzhou"],
        [{ dataDiskUrls: ["https://b-1.cos.ap-beijing.myqcloud.com/d.qcow2"] }, "dataDiskUrls", "is in the COS region ap-beijing, but the image's region is ap-guangzhou"],
        [{ timeouts: { create: "800h" } }, "timeouts", 'create must be at most 30 days, got "800h"'],
    ])("%j fails on %s: %s", async (overrides, property, reason) => {
        expect(await failures(overrides)).toEqual([{ property, reason }]);
    });

    test("a missing region names where it may come from, and config supplies it", async () => {
        expect(await failures({ region: undefined })).toEqual([
            { property: "region", reason: "is required (set it on the resource, with `pulumi config set tencentcloud:region <region>` or TENCENTCLOUD_REGION)" },
        ]);
        cloud.config["tencentcloud:region"] = "ap-shanghai";
        try {
            const r = await cvm().check({}, cvmInputs({ region: undefined, imageUrl: COS_URL.replace("ap-guangzhou", "ap-shanghai") }));
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
        ["tags change in place", { tags: { a: "b" } }, { changes: true, replaces: [], deleteBeforeReplace: false }],
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
