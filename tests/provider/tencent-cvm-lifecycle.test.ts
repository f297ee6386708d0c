import { CloudError, InitError } from "../../provider/core/errors";
import { markOf } from "../../provider/core/mark";
import { CVM_SCHEMA } from "../../provider/tencent-cvm/schema";
import { cvmClient } from "../emulator/tencent-helpers";
import { COS_URL, cvmInputs, rejection, startTestCloud, type TestCloud } from "../support/cloud";

let cloud: TestCloud;
const cvm = () => cloud.provider("tencent-cvm");

beforeEach(async () => {
    cloud = await startTestCloud();
});
afterEach(async () => {
    await cloud.close();
});

async function images(): Promise<any[]> {
    const state = await cloud.emu.store.snapshot();
    return Object.values((state["tencent-cvm"] as any)?.images ?? {});
}

test("create imports the image and waits until it is NORMAL", async () => {
    const started = Date.now();
    const { id, outs } = await cvm().create(cvmInputs({ imageDescription: "base", tags: { team: "infra" } }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(id).toMatch(/^img-[0-9a-z]{8}$/);
    expect(outs).toMatchObject({
        imageId: id,
        imageState: "NORMAL",
        imageSource: "EXTERNAL_IMPORT",
        imageName: "centos-7-base",
        imageDescription: "base",
        imageUrl: COS_URL,
        region: "ap-guangzhou",
        tags: { team: "infra" },
    });
    expect(outs.imageSize).toBeGreaterThan(0);
    expect(String(outs.createdTime)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(outs.__provider).toBeDefined();
    // The user's tags alone: the tag of the import's mark, which made the image provably this create's, is gone once recorded.
    expect((await images()).map((i) => i.tags)).toEqual([[{ Key: "team", Value: "infra" }]]);
    expect(cloud.emu.log.query({ action: "ModifyResourceTags" })).toHaveLength(1);
    expect(cloud.logs.some((l) => l.includes(`${id}: ready (NORMAL)`))).toBe(true);
});

test("a failed import stops at once with the cloud's state and keeps the image in the stack", async () => {
    const url = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/fail-corrupt.qcow2?q-sign-algorithm=sha1&q-signature=SECRETSIG";
    const e = await rejection(cvm().create(cvmInputs({ imageUrl: url, timeouts: { create: "1m" } })));
    expect(e).toBeInstanceOf(InitError);
    expect(e.message).toMatch(/failed to import: the image reached state IMPORTFAILED/);
    expect(e.message).toMatch(/change imageUrl/);
    expect(e.id).toMatch(/^img-/);
    expect(e.properties).toMatchObject({ imageId: e.id, imageState: "IMPORTFAILED", imageName: "centos-7-base" });
    // Carrying __provider lets later delete/refresh load the provider from the stored outputs.
    expect(e.properties.__provider).toBeDefined();
    expect(JSON.stringify(e.properties)).not.toContain("SECRETSIG");
    expect(e.message).not.toContain("SECRETSIG");
    expect(await images()).toHaveLength(1);

    // The next `up` calls update: the image is still failed, so it stays an init error.
    const again = await rejection(cvm().update(e.id, e.properties, cvmInputs({ imageUrl: url })));
    expect(again).toBeInstanceOf(InitError);
    expect(await images()).toHaveLength(1);
});

test("a timeout keeps the image and the next update resumes the wait", async () => {
    cloud.emu.options.importDelayBySource = { slow: 2500 };
    const inputs = cvmInputs({ imageUrl: COS_URL.replace("centos", "slow-centos"), timeouts: { create: "600ms" } });
    const e = await rejection(cvm().create(inputs));
    expect(e).toBeInstanceOf(InitError);
    expect(e.message).toMatch(/timed out after 600ms \(timeouts\.create\).*last state IMPORTING/);
    expect(e.message).toMatch(/next `pulumi up` resumes waiting/);
    expect(e.properties.imageState).toBe("IMPORTING");

    const { outs } = await cvm().update(e.id, e.properties, inputs);
    expect(outs).toMatchObject({ imageId: e.id, imageState: "NORMAL" });
    const log = await cloud.emu.log.query({ action: "ImportImage" });
    expect(log.filter((l) => !l.errorCode)).toHaveLength(1);
});

test("read follows an outside rename and an outside delete", async () => {
    const { id, outs } = await cvm().create(cvmInputs({ imageDescription: "v1" }));
    await cvmClient(cloud.emu.port).ModifyImageAttribute({ ImageId: id, ImageName: "renamed-outside", ImageDescription: "edited" });
    const read = await cvm().read(id, outs);
    expect(read.id).toBe(id);
    expect(read.props).toMatchObject({ imageName: "renamed-outside", imageDescription: "edited", imageState: "NORMAL" });
    // The drifted name now drives a replacement back to the declared one, creating first (new name is free).
    const d = await cvm().diff(id, read.props!, cvmInputs({ imageDescription: "v1" }));
    expect(d).toMatchObject({ changes: true, replaces: ["imageName"], deleteBeforeReplace: false });

    await cvmClient(cloud.emu.port).DeleteImages({ ImageIds: [id] });
    const gone = await cvm().read(id, read.props!);
    expect(gone.id).toBe("");
});

test("update changes the description in place and resumes nothing when ready", async () => {
    const { id, outs } = await cvm().create(cvmInputs({ imageDescription: "v1" }));
    const { outs: after } = await cvm().update(id, outs, cvmInputs({ imageDescription: "v2", imageFamily: "base-images" }));
    expect(after).toMatchObject({ imageId: id, imageDescription: "v2", imageFamily: "base-images", imageState: "NORMAL" });
    expect((await images())[0]).toMatchObject({ description: "v2", family: "base-images" });
    const modify = await cloud.emu.log.query({ action: "ModifyImageAttribute" });
    expect(modify).toHaveLength(1);
    expect(modify[0].params).toMatchObject({ ImageId: id, ImageDescription: "v2", ImageFamily: "base-images" });
});

test("delete waits until the image is gone and is idempotent", async () => {
    const { id, outs } = await cvm().create(cvmInputs());
    await cvm().delete(id, outs);
    expect(await images()).toHaveLength(0);
    await cvm().delete(id, outs);
    const deletes = await cloud.emu.log.query({ action: "DeleteImages" });
    expect(deletes.map((d) => d.errorCode ?? "ok")).toEqual(["ok", "InvalidImageId.NotFound"]);
});

test("delete of an image still importing waits for it to settle, then deletes", async () => {
    // Long enough that the image is surely still importing when delete starts, even on a busy machine.
    cloud.emu.options.importDelayBySource = { slow: 2500 };
    const e = await rejection(cvm().create(cvmInputs({ imageUrl: COS_URL.replace("centos", "slow-c"), timeouts: { create: "200ms" } })));
    expect(e).toBeInstanceOf(InitError);
    await cvm().delete(e.id, e.properties);
    expect(await images()).toHaveLength(0);
    const codes = (await cloud.emu.log.query({ action: "DeleteImages" })).map((d) => d.errorCode ?? "ok");
    expect(codes[0]).toBe("InvalidImageId.IncorrectState");
    expect(codes[codes.length - 1]).toBe("ok");
});

test("a response lost after the cloud accepted the import does not create a second image", async () => {
    cloud.emu.faults.add({ cloud: "tencent-cvm", action: "ImportImage", times: 1, mode: "drop" });
    const { id, outs } = await cvm().create(cvmInputs());
    expect(outs.imageState).toBe("NORMAL");
    expect((await images()).map((i) => i.id)).toEqual([id]);
    expect(cloud.logs.some((l) => l.includes("recovered after a lost response"))).toBe(true);
});

test("throttling is retried, and a burst of creates is spaced out by the client-side limiter", async () => {
    cloud.emu.faults.add({ cloud: "tencent-cvm", action: "DescribeImages", times: 2, mode: "error", code: "RequestLimitExceeded", httpStatus: 200 });
    cloud.emu.faults.add({ cloud: "tencent-cvm", action: "ImportImage", times: 1, mode: "error", code: "RequestLimitExceeded", httpStatus: 200 });
    const n = 24;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => cvm().create(cvmInputs({ imageName: `burst-${i}` }))));
    expect(new Set(results.map((r) => r.id)).size).toBe(n);
    expect(await images()).toHaveLength(n);
    const throttled = (await cloud.emu.log.query()).filter((l) => l.errorCode === "RequestLimitExceeded" && !l.fault);
    // The limiter keeps each action under its documented rate; without it 24 imports in one second
    // would see 14 throttled. A little slack for scheduling jitter on a busy machine.
    expect(throttled.length).toBeLessThanOrEqual(2);
}, 30000);

test("one describe call per tick serves every image waiting in the same account and region", async () => {
    const n = 12;
    await Promise.all(Array.from({ length: n }, (_, i) => cvm().create(cvmInputs({ imageName: `batch-${i}` }))));
    const describes = (await cloud.emu.log.query({ action: "DescribeImages" })).filter((l) => Array.isArray(l.params?.ImageIds));
    const maxBatch = Math.max(...describes.map((d) => (d.params!.ImageIds as string[]).length));
    expect(maxBatch).toBeGreaterThan(1);
    // Far fewer calls than one per image per tick.
    expect(describes.length).toBeLessThan(n * 3);
});

test("wrong credentials fail with the cloud's auth error and create nothing", async () => {
    cloud.config["tencentcloud:secretKey"] = "not-the-key";
    const e = await rejection(cvm().create(cvmInputs()));
    expect(e).toBeInstanceOf(CloudError);
    expect(e.message).toMatch(/\[AuthFailure\.SignatureFailure\]/);
    expect(e.message).not.toContain("not-the-key");
    expect(await images()).toHaveLength(0);
});

test("missing credentials are reported before any API call", async () => {
    delete cloud.config["tencentcloud:secretId"];
    const incomplete = await rejection(cvm().create(cvmInputs()));
    expect(incomplete.message).toMatch(/Incomplete Tencent Cloud credentials: tencentcloud:secretId is not set/);
    delete cloud.config["tencentcloud:secretKey"];
    const none = await rejection(cvm().create(cvmInputs()));
    expect(none.message).toMatch(/No Tencent Cloud credentials: run `pulumi config set tencentcloud:secretId/);
    expect(none.message).toMatch(/npx pulumi-image-import-emulator/);
    expect(cloud.emu.log.query()).toHaveLength(0);
});

test("credentials fall back to the standard environment variables", async () => {
    delete cloud.config["tencentcloud:secretId"];
    delete cloud.config["tencentcloud:secretKey"];
    process.env.TENCENTCLOUD_SECRET_ID = cloud.emu.env.TENCENTCLOUD_SECRET_ID;
    process.env.TENCENTCLOUD_SECRET_KEY = cloud.emu.env.TENCENTCLOUD_SECRET_KEY;
    try {
        const { outs } = await cvm().create(cvmInputs());
        expect(outs.imageState).toBe("NORMAL");
    } finally {
        delete process.env.TENCENTCLOUD_SECRET_ID;
        delete process.env.TENCENTCLOUD_SECRET_KEY;
    }
});

test("an image name already taken is reported naming the field, from the import's own answer, and nothing is imported", async () => {
    await cvm().create(cvmInputs());
    const before = cloud.emu.log.query({}).length;
    const e = await rejection(cvm().create(cvmInputs()));
    expect(e.message).toMatch(/^imageName: an image named "centos-7-base" already exists in the region .*\(InvalidImageName\.Duplicate; the image in the way did not come from this resource\)$/);
    // No look-up before the import; after the refusal, one look for an image this create provably made
    // (its token tag), which someone else's image of the same name is not.
    expect(cloud.emu.log.query({}).slice(before).map((l) => `${l.action}:${l.errorCode ?? "ok"}`)).toEqual(["ImportImage:InvalidImageName.Duplicate", "DescribeImages:ok"]);
    expect(Object.keys((cloud.emu.store.snapshot()["tencent-cvm"] as any).images)).toHaveLength(1);
});

test("an OS version the cloud does not import is reported naming the field", async () => {
    const e = await rejection(cvm().create(cvmInputs({ osVersion: "42" })));
    expect(e.message).toMatch(/^osVersion: "42" is not supported for CentOS; supported: 5, 6, 7/);
    expect(await cloud.emu.log.query({ action: "ImportImage" })).toHaveLength(0);
});

test("a delete with an unknown key or region fails: it never counts as already deleted", async () => {
    const { id, outs } = await cvm().create(cvmInputs());
    cloud.config["tencentcloud:secretId"] = "AKIDUNKNOWN000000000000000000000000";
    const e = await rejection(cvm().delete(id, outs));
    expect(e.message).toMatch(/\[AuthFailure\.SecretIdNotFound\]/);
    cloud.config["tencentcloud:secretId"] = cloud.emu.env.TENCENTCLOUD_SECRET_ID;
    const r = await rejection(cvm().delete(id, { ...outs, region: "ap-nowhere" }));
    expect(r.message).toMatch(/\[InvalidRegion\.NotFound\]/);
    expect(await images()).toHaveLength(1);
});

test("a lost response while listings lag: the retry's name conflict is recognised as our own image", async () => {
    cloud.emu.options.listingLagMs = 1500;
    cloud.emu.faults.add({ cloud: "tencent-cvm", action: "ImportImage", times: 1, mode: "drop" });
    const { id } = await cvm().create(cvmInputs());
    expect((await images()).map((i) => i.id)).toEqual([id]);
    const imports = cloud.emu.log.query({ action: "ImportImage" }).map((l) => l.errorCode ?? (l.status === 0 ? "dropped" : "ok"));
    expect(imports).toEqual(["dropped", "InvalidImageName.Duplicate"]);
});

test("transient server errors on describe calls are retried", async () => {
    cloud.emu.faults.add({ cloud: "tencent-cvm", action: "DescribeImages", times: 2, mode: "error", code: "InternalError", httpStatus: 200 });
    const { outs } = await cvm().create(cvmInputs());
    expect(outs.imageState).toBe("NORMAL");
    expect(cloud.emu.log.query({ action: "DescribeImages" }).filter((l) => l.errorCode === "InternalError")).toHaveLength(2);
});

test("a bad poll setting is reported before anything is imported", async () => {
    cloud.config["imageImport:pollInterval"] = "often";
    const e = await rejection(cvm().create(cvmInputs()));
    expect(e.message).toMatch(/imageImport:pollInterval \(or IMAGE_IMPORT_POLL_INTERVAL\) must be a duration/);
    expect(cloud.emu.log.query()).toHaveLength(0);
});

test("an update that times out records only what the cloud has: the family is applied by the next up", async () => {
    cloud.emu.options.importDelayBySource = { slow: 1500 };
    const inputs = cvmInputs({ imageUrl: COS_URL.replace("centos", "slow-centos"), timeouts: { create: "100ms", update: "100ms" } });
    const first = await rejection(cvm().create(inputs));
    const second = await rejection(cvm().update(first.id, first.properties, { ...inputs, imageFamily: "golden" }));
    expect(second).toBeInstanceOf(InitError);
    expect(second.properties.imageFamily).toBeUndefined();
    const { outs } = await cvm().update(first.id, second.properties, { ...inputs, imageFamily: "golden", timeouts: { update: "1m" } });
    expect(outs).toMatchObject({ imageState: "NORMAL", imageFamily: "golden" });
    expect((await images())[0].family).toBe("golden");
});

test("diff asks for an update while the recorded image is not ready, so up resumes even after a refresh", async () => {
    const olds = { ...cvmInputs(), imageId: "img-abcdefgh", imageState: "IMPORTING" };
    expect(await cvm().diff("img-abcdefgh", olds, cvmInputs())).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
});

test("region falls back to config for reads that skipped check, and is named when missing", async () => {
    const { id, outs } = await cvm().create(cvmInputs());
    const { region: _omit, ...noRegion } = outs;
    cloud.config["tencentcloud:region"] = "ap-guangzhou";
    expect((await cvm().read(id, noRegion)).id).toBe(id);
    delete cloud.config["tencentcloud:region"];
    const e = await rejection(cvm().read(id, noRegion));
    expect(e.message).toMatch(/^region: not set on the resource, in `tencentcloud:region` or in TENCENTCLOUD_REGION/);
});

test("a change of timeouts only is recorded in place without a cloud call", async () => {
    const { id, outs } = await cvm().create(cvmInputs());
    const { outs: after } = await cvm().update(id, outs, cvmInputs({ timeouts: { delete: "9h" } }));
    expect(after.timeouts).toEqual({ delete: "9h" });
    expect(cloud.emu.log.query({ action: "ModifyImageAttribute" })).toHaveLength(0);
});

test("gateway failures (non-JSON 502/503, no error code) are retried without duplicating the image", async () => {
    cloud.emu.faults.add({ cloud: "tencent-cvm", action: "ImportImage", times: 1, mode: "gateway", httpStatus: 502 });
    cloud.emu.faults.add({ cloud: "tencent-cvm", action: "DescribeImages", times: 2, mode: "gateway", httpStatus: 503 });
    const { id, outs } = await cvm().create(cvmInputs());
    expect(outs.imageState).toBe("NORMAL");
    expect((await images()).map((i) => i.id)).toEqual([id]);
    expect(cloud.emu.log.query({ action: "ImportImage" }).map((l) => l.fault ?? "ok")).toEqual(["gateway", "ok"]);
});

test("empty optional strings mean unset: licenseType and bootMode of \"\" are not sent, which the cloud would refuse", async () => {
    const { id } = await cvm().create(cvmInputs({ imageName: "empty-strings", licenseType: "", bootMode: "" }));
    const sent = cloud.emu.log.query({ action: "ImportImage" }).at(-1)!.params as Record<string, unknown>;
    expect(Object.keys(sent)).not.toEqual(expect.arrayContaining(["LicenseType"]));
    expect(Object.keys(sent)).not.toContain("BootMode");
    await cvm().delete(id, cvmInputs({ imageName: "empty-strings" }));
});

test("a family cleared outside Pulumi shows as cleared on refresh", async () => {
    const { id, outs } = await cvm().create(cvmInputs({ imageName: "family", imageFamily: "golden" }));
    await cvmClient(cloud.emu.port).ModifyImageAttribute({ ImageId: id, ImageFamily: "" });
    const read = await cvm().read(id, outs);
    expect(read.props).not.toHaveProperty("imageFamily");
    await cvm().delete(id, outs);
});

describe("tags change in place through the tag service", () => {
    const tagsOf = async (id: string) => Object.fromEntries(((await images()).find((i) => i.id === id).tags as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]));

    test("added, changed and removed with no new import", async () => {
        const inputs = cvmInputs({ tags: { team: "infra", old: "x" } });
        const { id, outs } = await cvm().create(inputs);
        expect(outs.tags).toEqual({ team: "infra", old: "x" });
        const news = cvmInputs({ tags: { team: "platform", added: "y" } });
        expect(await cvm().diff(id, outs, news)).toMatchObject({ replaces: [], changes: true });
        const { outs: after } = await cvm().update(id, outs, news);
        expect(after.tags).toEqual({ team: "platform", added: "y" });
        expect(await tagsOf(id)).toEqual({ team: "platform", added: "y" });
        expect(cloud.emu.log.query({ action: "ImportImage" })).toHaveLength(1);
        await cvm().update(id, after, cvmInputs());
        expect(Object.keys(await tagsOf(id))).toEqual([]);
    });

    test("more than the ten a call takes go in several calls", async () => {
        const many = (v: string) => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, v]));
        const { id, outs } = await cvm().create(cvmInputs({ tags: many("a") }));
        // The create's own call seals the image (see the next tests); the update's come after it.
        const sealed = cloud.emu.log.query({ action: "ModifyResourceTags" }).length;
        await cvm().update(id, outs, cvmInputs({ tags: many("b") }));
        expect(cloud.emu.log.query({ action: "ModifyResourceTags" }).filter((l) => !l.errorCode)).toHaveLength(sealed + 2);
        expect(await tagsOf(id)).toMatchObject(many("b"));
    });

    test("a tag changed outside Pulumi is read back, and the next up changes it back in place", async () => {
        const inputs = cvmInputs({ tags: { team: "infra" } });
        const { id, outs } = await cvm().create(inputs);
        const tag = new (require("tencentcloud-sdk-nodejs-common").CommonClient)("tag.tencentcloudapi.com", "2018-08-13", {
            credential: { secretId: cloud.emu.env.TENCENTCLOUD_SECRET_ID, secretKey: cloud.emu.env.TENCENTCLOUD_SECRET_KEY },
            profile: { httpProfile: { endpoint: `127.0.0.1:${cloud.emu.port}`, protocol: "http://" } },
        });
        await tag.request("ModifyResourceTags", { Resource: `qcs::cvm:ap-guangzhou:uin/:image/${id}`, ReplaceTags: [{ TagKey: "team", TagValue: "console" }] });
        const { props } = await cvm().read(id, outs);
        expect(props.tags).toEqual({ team: "console" });
        expect(await cvm().diff(id, props, inputs)).toMatchObject({ changes: true, replaces: [] });
    });
});

test("progress lines name the Pulumi resource and the image, not only the cloud's id", async () => {
    const { id } = await cvm().create(cvmInputs({ __imageImport: { resourceName: "base-image" } }));
    expect(cloud.logs).toContain(`[image-import] base-image "centos-7-base", tencent-cvm ${id}: ready (NORMAL)`);
});

test("a recorded image is sealed: a replacement forced create-first with the name kept fails, rather than taking the image the engine deletes next", async () => {
    const inputs = cvmInputs({ __imageImport: { token: "token-sealed" } });
    const { id } = await cvm().create(inputs);
    // The import's mark (its tag) is gone: the image has the user's tags alone.
    expect((await images()).find((i) => i.id === id).tags.map((t: { Key: string }) => t.Key)).not.toContain("pulumi-image-import-token");
    // `pulumi up --replace` asks no diff: the engine creates the replacement first, with the same name and token.
    const e = await rejection(cvm().create(inputs));
    expect(e.message).toMatch(/^imageName: .*deleteBeforeReplace: true.*the image in the way did not come from this resource/);
    expect((await images()).map((i) => i.id)).toEqual([id]);
});

test("a killed run's image, never sealed, is still taken back", async () => {
    const inputs = cvmInputs({ __imageImport: { token: "token-killed" }, imageUrl: COS_URL.replace("centos", "slow-centos"), timeouts: { create: "1s" } });
    cloud.emu.options.importDelayBySource = { slow: 1500 };
    // The import the killed run made: this resource's mark in its tag, never sealed.
    await cvmClient(cloud.emu.port).ImportImage({
        ImageName: "centos-7-base", ImageUrl: String(inputs.imageUrl), OsType: "CentOS", OsVersion: "7", Architecture: "x86_64",
        TagSpecification: [{ ResourceType: "image", Tags: [{ Key: "pulumi-image-import-token", Value: markOf("token-killed", CVM_SCHEMA, inputs) }] }],
    });
    const { id, outs } = await cvm().create({ ...inputs, timeouts: { create: "1m" } });
    expect(outs.imageState).toBe("NORMAL");
    expect((await images()).map((i) => i.id)).toEqual([id]);
});
