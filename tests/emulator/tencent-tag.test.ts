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

test("a parameter ModifyResourceTags does not define is UnknownParameter, and changes nothing", async () => {
    const before = await tagsOf();
    const err = await tcError(tag().request("ModifyResourceTags", { Resource: resource(), ReplaceTags: [{ TagKey: "x", TagValue: "y" }], Tags: [] }), "UnknownParameter");
    expect(err.message).toBe("The parameter `Tags` is not recognized.");
    expect(await tagsOf()).toEqual(before);
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
