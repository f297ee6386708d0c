import { InitError } from "../../provider/core/errors";
import { ecmClient, REGION, seedCvmImage } from "../emulator/tencent-helpers";
import { rejection, startTestCloud, type TestCloud } from "../support/cloud";

let cloud: TestCloud;
const ecm = () => cloud.provider("tencent-ecm");

beforeEach(async () => {
    cloud = await startTestCloud();
});
afterEach(async () => {
    await cloud.close();
});

const ecmImages = () => Object.values(((cloud.emu.store.snapshot()["tencent-ecm"] ?? {}) as { images?: object }).images ?? {}) as any[];
const calls = (action: string) => cloud.emu.log.query({ action });

/** Checked inputs for an import of a fresh CVM image of this name, as the engine hands them to create. */
async function inputsFor(name: string, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const src = seedCvmImage(cloud.emu, name);
    const raw = { __provider: "exports.handler = () => ({})", __imageImport: { token: `token-${name}` }, sourceImageId: src.id, sourceRegion: REGION, imageDescription: `edge copy of ${name}`, ...overrides };
    const { inputs, failures } = await ecm().check({}, raw);
    expect(failures).toEqual([]);
    return inputs;
}

describe("check", () => {
    const failures = async (overrides: Record<string, unknown>) =>
        (await ecm().check({}, { sourceImageId: "img-abc12345", sourceRegion: REGION, imageDescription: "d", ...overrides })).failures?.map((f) => f.property);

    test("every documented rule fails naming its field, before any call", async () => {
        const before = cloud.emu.log.query().length;
        delete cloud.config["tencentcloud:secretId"];
        expect(await failures({ sourceImageId: "ami-123" })).toEqual(["sourceImageId"]);
        expect(await failures({ sourceRegion: "Guangzhou" })).toEqual(["sourceRegion"]);
        expect(await failures({ imageDescription: "x".repeat(61) })).toEqual(["imageDescription"]);
        expect(await failures({ imageDescription: undefined })).toEqual(["imageDescription"]);
        expect(await failures({ imageName: "n".repeat(21) })).toEqual(["imageName"]);
        expect(await failures({ imageName: "two\nlines" })).toEqual(["imageName"]);
        expect(await failures({ imageUrl: "https://example.com/x.qcow2" })).toEqual(["imageUrl"]);
        expect(cloud.emu.log.query()).toHaveLength(before);
    });

    test("the source region comes from tencentcloud:region when the resource leaves it out", async () => {
        cloud.config["tencentcloud:region"] = "ap-beijing";
        const { inputs } = await ecm().check({}, { sourceImageId: "img-abc12345", imageDescription: "d" });
        expect(inputs.sourceRegion).toBe("ap-beijing");
    });

    test("a source that does not exist, or is not ready yet, fails in check with what is wrong, not a timeout later", async () => {
        const missing = await ecm().check({}, { sourceImageId: "img-0000none", sourceRegion: REGION, imageDescription: "d" });
        expect(missing.failures).toEqual([{ property: "sourceImageId", reason: `there is no CVM image img-0000none in ${REGION} for these credentials` }]);
        const src = seedCvmImage(cloud.emu, "still-importing");
        src.plan = { ...src.plan, readyAt: cloud.emu.clock.importNow() + 60_000 };
        const pending = await ecm().check({}, { sourceImageId: src.id, sourceRegion: REGION, imageDescription: "d" });
        expect(pending.failures).toEqual([{ property: "sourceImageId", reason: expect.stringMatching(/is IMPORTING; ECM imports only a ready \(NORMAL\) CVM image$/) }]);
        expect(calls("ImportImage")).toHaveLength(0);
    });
});

describe("diff", () => {
    const olds = { sourceImageId: "img-aaaaaaaa", sourceRegion: REGION, imageDescription: "d", imageName: "from-cvm", imageState: "NORMAL" };

    test("an unset name is the cloud's choice, no change; the description changes in place", async () => {
        expect(await ecm().diff("img-x", olds, { ...olds, imageName: undefined })).toMatchObject({ changes: false, replaces: [] });
        expect(await ecm().diff("img-x", olds, { ...olds, imageName: undefined, imageDescription: "e" })).toMatchObject({ changes: true, replaces: [] });
    });

    test("the source and the name replace; keeping the source, or an unset or kept name, deletes first", async () => {
        const source = { ...olds, sourceImageId: "img-bbbbbbbb" };
        expect(await ecm().diff("img-x", olds, { ...source, imageName: undefined })).toMatchObject({ replaces: ["sourceImageId"], deleteBeforeReplace: true });
        expect(await ecm().diff("img-x", olds, { ...olds, imageName: "renamed" })).toMatchObject({ replaces: ["imageName"], deleteBeforeReplace: true });
        // A new source and a new name clash with nothing of the old image: the new one comes first.
        expect(await ecm().diff("img-x", olds, { ...source, imageName: "renamed" })).toMatchObject({ replaces: ["sourceImageId", "imageName"], deleteBeforeReplace: false });
    });
});

describe("create", () => {
    test("imports, finds the image the answer does not name, waits for NORMAL; the name is the CVM image's", async () => {
        const inputs = await inputsFor("web-base");
        const { id, outs } = await ecm().create(inputs);
        expect(outs).toMatchObject({ imageId: id, imageState: "NORMAL", imageName: "web-base", imageSource: "EXTERNAL_IMPORT", osName: "CentOS 7 64位", taskId: "" });
        expect(String(outs.createdTime)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        expect(ecmImages().map((i) => i.id)).toEqual([id]);
        expect(await ecm().diff(id, outs, inputs)).toMatchObject({ changes: false });
        expect(calls("ImportImage")).toHaveLength(1);
        // The CVM source is read once for the check and the create after it, each on an API of its own.
        expect(calls("DescribeImages")).toHaveLength(1);
        // Imported under the resource's mark as its description; the one write after it puts the description in its place.
        expect(calls("ModifyImageAttribute")).toHaveLength(1);
        expect(ecmImages()[0].description).toBe(inputs.imageDescription);
    });

    test("a CVM name longer than ECM's 20 characters is cut by the import, and the line that starts it says so; with one of its own, nothing to say", async () => {
        const { id, outs } = await ecm().create(await inputsFor("quickstart-centos-7-v2"));
        expect(outs).toMatchObject({ imageName: "quickstart-centos-7-" });
        expect(cloud.logs).toContainEqual(expect.stringMatching(new RegExp(`${id}: import started; ECM names it after the CVM image "quickstart-centos-7-v2", cut to its 20-character limit: "quickstart-centos-7-" \\(imageName sets a name of your own\\)$`)));
        // No further call for it: the source was read for the check.
        expect(calls("DescribeImages")).toHaveLength(1);
        const named = await ecm().create(await inputsFor("another-long-cvm-image-name", { imageName: "edge" }));
        expect(cloud.logs).toContainEqual(expect.stringMatching(new RegExp(`${named.id}: import started$`)));
    });

    test("a name given is set once the image is ready", async () => {
        const inputs = await inputsFor("web-base", { imageName: "edge-web" });
        const { id, outs } = await ecm().create(inputs);
        expect(outs).toMatchObject({ imageId: id, imageName: "edge-web", imageState: "NORMAL" });
        expect(ecmImages()[0].name).toBe("edge-web");
        expect(cloud.logs.some((l) => l.includes(`${id}: set imageName`))).toBe(true);
    });

    test("a name another image holds: the image is kept, and the next up sets the name once it is free", async () => {
        const other = await ecm().create(await inputsFor("holder", { imageName: "taken" }));
        const inputs = await inputsFor("web-base", { imageName: "taken" });
        const e = await rejection(ecm().create(inputs));
        expect(e).toBeInstanceOf(InitError);
        expect(e.message).toMatch(/is ready, but setting imageName and sealing it failed: .*ImageNameDuplicate.*next `pulumi up` does it again/);
        // Recorded with the name wanted, so the engine's retry is an update, not a replacement.
        expect(e.properties).toMatchObject({ imageId: e.id, imageName: "taken", imageState: "NORMAL" });
        expect(await ecm().diff(e.id, e.properties, inputs)).toMatchObject({ replaces: [] });
        await ecmClient(cloud.emu.port).request("ModifyImageAttribute", { ImageId: other.id, ImageName: "freed" });
        const { outs } = await ecm().update(e.id, e.properties, inputs);
        expect(outs).toMatchObject({ imageName: "taken" });
        expect(ecmImages().find((i) => i.id === e.id).name).toBe("taken");
    });

    test("listings that lag behind the import: the image is looked for, found and recorded", async () => {
        cloud.emu.options.listingLagMs = 1500;
        const { id, outs } = await ecm().create(await inputsFor("lagging"));
        expect(outs).toMatchObject({ imageId: id, imageState: "NORMAL" });
        expect(ecmImages()).toHaveLength(1);
    });

    test("a failed import gives the task's message and keeps the image", async () => {
        // The emulator's failure marker travels in the CVM image's name (the description sent is the mark).
        const e = await rejection(ecm().create(await inputsFor("fail-broken")));
        expect(e).toBeInstanceOf(InitError);
        expect(e.message).toMatch(/failed to import: the import task \d+ failed: Import image failed/);
        expect(e.properties).toMatchObject({ imageState: "IMPORTFAILED", taskId: expect.stringMatching(/^\d+$/) });
        expect(ecmImages()).toHaveLength(1);
    });
});

describe("one import per CVM image (ImageDuplicate)", () => {
    test("a lost answer, then ImageDuplicate for our source: that attempt's image is found and kept", async () => {
        cloud.emu.options.listingLagMs = 1500;
        cloud.emu.faults.add({ cloud: "tencent-ecm", action: "ImportImage", times: 1, mode: "drop" });
        const { id, outs } = await ecm().create(await inputsFor("lost-answer"));
        expect(outs).toMatchObject({ imageId: id, imageState: "NORMAL" });
        expect(ecmImages()).toHaveLength(1);
        expect(calls("ImportImage").map((l) => l.errorCode ?? "")).toContain("InvalidParameterValue.ImageDuplicate");
        expect(cloud.logs.some((l) => l.includes(`${id}: recovered after a lost response (InvalidParameterValue.ImageDuplicate)`))).toBe(true);
    });

    test("with no lost answer, ImageDuplicate is somebody else's import once the listing shows no image with this resource's mark: create fails pointing at adoptImageId", async () => {
        const inputs = await inputsFor("theirs-first");
        await ecmClient(cloud.emu.port).request("ImportImage", { ImageId: inputs.sourceImageId, ImageDescription: inputs.imageDescription, SourceRegion: REGION });
        const started = Date.now();
        const e = await rejection(ecm().create(inputs));
        expect(e).not.toBeInstanceOf(InitError);
        expect(e.message).toMatch(/^sourceImageId: CVM image img-\w+ \(ap-guangzhou\) is already imported into ECM.*set adoptImageId to its id.*InvalidParameterValue\.ImageDuplicate\); no image with this resource's mark was found before the listing caught up/);
        // A killed run's image would be listed within the cloud's grace: that long, and no longer.
        expect(Date.now() - started).toBeLessThan(40_000);
        expect(ecmImages()).toHaveLength(1);
    }, 60_000);

    test("where the cloud names the source (SrcImage), somebody else's import after a lost answer is refused at once", async () => {
        cloud.emu.options.ecmSourceImage = "filled";
        const inputs = await inputsFor("filled-source", { timeouts: { create: "1m" } });
        cloud.emu.faults.add({ cloud: "tencent-ecm", action: "ImportImage", times: 1, mode: "gateway" });
        const creating = rejection(ecm().create(inputs));
        await new Promise((r) => setTimeout(r, 200));
        await ecmClient(cloud.emu.port).request("ImportImage", { ImageId: inputs.sourceImageId, ImageDescription: "theirs", SourceRegion: REGION });
        const started = Date.now();
        const e = await creating;
        expect(e.message).toMatch(/the image in the way did not come from this resource/);
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(ecmImages().map((i) => i.description)).toEqual(["theirs"]);
    });

    test("where the cloud names the source, the image is found by its mark and reports its source", async () => {
        cloud.emu.options.ecmSourceImage = "filled";
        const { outs } = await ecm().create(await inputsFor("by-source"));
        expect(outs).toMatchObject({ imageState: "NORMAL", sourceImageId: expect.stringMatching(/^img-/), sourceRegion: REGION });
    });
});

test("calls that go to an override (the emulator) are said so, once", async () => {
    const { id, outs } = await ecm().create(await inputsFor("announced"));
    await ecm().read(id, outs);
    await ecm().delete(id, outs);
    expect(cloud.logs.filter((l) => l.includes("every cloud call goes to"))).toEqual([
        `[image-import] every cloud call goes to ${cloud.emu.url} (imageImport:endpoint or IMAGE_IMPORT_ENDPOINT), not to the clouds' own endpoints`,
    ]);
});

describe("update, read, delete", () => {
    test("the description is changed in place, with no import", async () => {
        const inputs = await inputsFor("describe-me");
        const { id, outs } = await ecm().create(inputs);
        const { outs: after } = await ecm().update(id, outs, { ...inputs, imageDescription: "second take" });
        expect(after).toMatchObject({ imageId: id, imageDescription: "second take" });
        expect(ecmImages()[0].description).toBe("second take");
        expect(calls("ImportImage")).toHaveLength(1);
    });

    test("read notices an outside rename and an outside delete; delete removes the image and waits", async () => {
        const inputs = await inputsFor("readme");
        const { id, outs } = await ecm().create(inputs);
        await ecmClient(cloud.emu.port).request("ModifyImageAttribute", { ImageId: id, ImageName: "renamed" });
        expect((await ecm().read(id, outs)).props).toMatchObject({ imageName: "renamed" });
        await ecm().delete(id, outs);
        expect(ecmImages()).toHaveLength(0);
        expect((await ecm().read(id, outs)).id).toBe("");
        // Already gone is success.
        await ecm().delete(id, outs);
    });
});
