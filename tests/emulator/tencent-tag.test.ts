import { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { startEmulator, type Emulator } from "../../emulator";
import { cvmClient, normalCvmImage, REGION, TC, tcError } from "./tencent-helpers";

/** Tencent Cloud's tag service (2018-08-13) as the emulator serves it for CVM images, through the official common SDK. */
let emu: Emulator;
let imageId: string;
const tag = () => new CommonClient("tag.tencentcloudapi.com", "2018-08-13", { credential: { secretId: TC.id, secretKey: TC.secret }, profile: { httpProfile: { endpoint: `127.0.0.1:${emu.port}`, protocol: "http://" } } });
const resource = (id = imageId) => `qcs::cvm:${REGION}:uin/:image/${id}`;
const tagsOf = async () => (await cvmClient(emu.port).DescribeImages({ ImageIds: [imageId] })).ImageSet![0].Tags;

beforeAll(async () => {
    emu = await startEmulator({ importDelayMs: 100 });
    imageId = await normalCvmImage(emu, cvmClient(emu.port), "tagged", { TagSpecification: [{ ResourceType: "image", Tags: [{ Key: "team", Value: "infra" }] }] });
});
afterAll(async () => {
    await emu.close();
});

test("ModifyResourceTags replaces and deletes a CVM image's tags, as DescribeImages then shows", async () => {
    await tag().request("ModifyResourceTags", { Resource: resource(), ReplaceTags: [{ TagKey: "env", TagValue: "prod" }], DeleteTags: [{ TagKey: "team" }] });
    expect(await tagsOf()).toEqual([{ Key: "env", Value: "prod" }]);
    // The uin may be given too, when it is the caller's.
    await tag().request("ModifyResourceTags", { Resource: `qcs::cvm:${REGION}:uin/${TC.account}:image/${imageId}`, ReplaceTags: [{ TagKey: "env", TagValue: "dev" }] });
    expect(await tagsOf()).toEqual([{ Key: "env", Value: "dev" }]);
});

test.each([
    [{ Resource: "cvm/image/x", ReplaceTags: [{ TagKey: "a", TagValue: "b" }] }, "InvalidParameterValue.ResourceDescriptionError"],
    [{ ReplaceTags: [{ TagKey: "a", TagValue: "b" }] }, "MissingParameter"],
    [{ Resource: "RESOURCE" }, "MissingParameter"],
    [{ Resource: "RESOURCE", ReplaceTags: [] }, "InvalidParameter"],
    [{ Resource: "RESOURCE", ReplaceTags: Array.from({ length: 11 }, (_, i) => ({ TagKey: `k${i}`, TagValue: "v" })) }, "InvalidParameter"],
    [{ Resource: "RESOURCE", ReplaceTags: [{ TagKey: "qcloud:x", TagValue: "v" }] }, "InvalidParameterValue.ReservedTagKey"],
    [{ Resource: "RESOURCE", ReplaceTags: [{ TagKey: "k".repeat(128), TagValue: "v" }] }, "InvalidParameterValue.TagKeyLengthExceeded"],
    [{ Resource: "RESOURCE", ReplaceTags: [{ TagKey: "a", TagValue: "v" }], DeleteTags: [{ TagKey: "a" }] }, "InvalidParameterValue.TagKeyDuplicate"],
    [{ Resource: "qcs::cvm:ap-guangzhou:uin/:image/img-00000000", ReplaceTags: [{ TagKey: "a", TagValue: "v" }] }, "ResourceNotFound.TagNonExist"],
    [{ Resource: "qcs::cvm:ap-guangzhou:uin/999:image/IMAGE", ReplaceTags: [{ TagKey: "a", TagValue: "v" }] }, "ResourceNotFound.TagNonExist"],
])("refused: %j → %s", async (req, code) => {
    const body = JSON.parse(JSON.stringify(req).replace("RESOURCE", resource()).replace("IMAGE", imageId));
    await tcError(tag().request("ModifyResourceTags", body), code);
});

test("at most 50 tags a resource", async () => {
    // The image holds one tag already: 49 more make 50.
    for (let i = 0; i < 5; i++) {
        await tag().request("ModifyResourceTags", { Resource: resource(), ReplaceTags: Array.from({ length: i < 4 ? 10 : 9 }, (_, j) => ({ TagKey: `k${i}-${j}`, TagValue: "v" })) });
    }
    await tcError(tag().request("ModifyResourceTags", { Resource: resource(), ReplaceTags: [{ TagKey: "one-more", TagValue: "v" }] }), "LimitExceeded.ResourceAttachedTags");
});

test("an image of another region is not found", async () => {
    await tcError(tag().request("ModifyResourceTags", { Resource: `qcs::cvm:ap-beijing:uin/:image/${imageId}`, ReplaceTags: [{ TagKey: "a", TagValue: "v" }] }), "ResourceNotFound.TagNonExist");
});

/** These cases are about the protocol, not throttling: the file's earlier calls may have used this second's 20. */
function unthrottled(run: () => Promise<void>): () => Promise<void> {
    return async () => {
        emu.options.rateLimits = false;
        try {
            await run();
        } finally {
            emu.options.rateLimits = true;
        }
    };
}

test("a parameter ModifyResourceTags does not define is UnknownParameter, and changes nothing", unthrottled(async () => {
    const before = await tagsOf();
    const err = await tcError(tag().request("ModifyResourceTags", { Resource: resource(), ReplaceTags: [{ TagKey: "x", TagValue: "y" }], Tags: [] }), "UnknownParameter");
    expect(err.message).toBe("The parameter `Tags` is not recognized.");
    expect(await tagsOf()).toEqual(before);
}));

test("GET (the SDK's reqMethod GET, parameters in the signed query) changes tags too", unthrottled(async () => {
    const get = new CommonClient("tag.tencentcloudapi.com", "2018-08-13", { credential: { secretId: TC.id, secretKey: TC.secret }, profile: { httpProfile: { endpoint: `127.0.0.1:${emu.port}`, protocol: "http://", reqMethod: "GET" } } });
    // The image may hold its 50 tags by now: change one and delete it, so the count only goes down.
    await get.request("ModifyResourceTags", { Resource: resource(), ReplaceTags: [{ TagKey: "via", TagValue: "get" }], DeleteTags: [{ TagKey: "k0-0" }] });
    expect(await tagsOf()).toContainEqual({ Key: "via", Value: "get" });
    await get.request("ModifyResourceTags", { Resource: resource(), DeleteTags: [{ TagKey: "via" }] });
    expect((await tagsOf())!.map((t) => t.Key)).not.toContain("via");
}));
