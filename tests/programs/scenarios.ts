import { cvmClient } from "../emulator/tencent-helpers";
import { startProgram, stateProblems, type ProgramRun } from "../support/programs";
import { expectOk, opsOf, stepsOf, type ConfigValues } from "../support/pulumi";

export interface ProgramUnderTest {
    /** Directory with Pulumi.yaml. */
    dir: string;
    /** The image resource's name in the program. */
    resource: string;
    /** Another OS version the program's OS imports, to drive a replace. */
    otherOsVersion: string;
}

const COS = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com";
/** Each case runs several CLI commands of a few seconds each. */
const CASE_MS = 240_000;

/**
 * What every program of the repository must do against the emulator, through the real `pulumi` CLI: the
 * lifecycle a user goes through, with settings changed through stack config only. Credentials go in as
 * secret stack config, and `pulumi stack export` is read after every case for what must never be there.
 */
export function describeProgramLifecycle(p: ProgramUnderTest, more?: (run: () => ProgramRun) => void): void {
    let run: ProgramRun;
    const only = (op: string) => ({ [p.resource]: op });
    const image = () => run.stack.resource(p.resource);
    const importsAfter = (seq: number) => run.emu.log.query({ action: "ImportImage" }).filter((e) => e.seq > seq);
    const lastSeq = () => run.emu.log.query({}).reduce((m, e) => Math.max(m, e.seq), 0);

    beforeAll(async () => {
        run = await startProgram(p.dir, { emulator: { importDelayBySource: { slow: 4000 } }, credentialsAsConfig: true });
    }, CASE_MS);
    afterAll(async () => {
        await run?.close();
    });
    afterEach(async () => {
        if (run) expect(await stateProblems(run)).toEqual([]);
    }, CASE_MS);

    test("preview shows the plan, computed outputs unknown, and creates nothing", async () => {
        await run.stack.configure();
        const text = expectOk(await run.stack.run(["preview"])).output;
        expect(text).toMatch(new RegExp(`\\+ +pulumi-nodejs:dynamic/image-import:TencentCvmImportedImage +${p.resource} +create`));
        expect(text).toMatch(/imageId\s*: \[unknown\]/);
        expect(opsOf(expectOk(await run.stack.preview()))).toEqual(only("create"));
        expect(run.images()).toHaveLength(0);
        expect(run.emu.log.query({ action: "ImportImage" })).toHaveLength(0);
    }, CASE_MS);

    test("up brings the image to ready; a second up --expect-no-changes passes", async () => {
        const up = expectOk(await run.stack.up());
        expect(opsOf(up)).toEqual(only("create"));
        const outputs = await run.stack.outputs();
        expect(outputs.imageState).toBe("NORMAL");
        expect(outputs.imageId).toMatch(/^img-/);
        expect(run.images()).toMatchObject([{ id: outputs.imageId }]);
        // The stack's default provider holds the stack config, the secret key encrypted.
        expect((await run.stack.exportState()).text).toContain("tencentcloud:secretKey");
        expectOk(await run.stack.up({}, ["--expect-no-changes"]));
        expect(run.emu.log.query({ action: "ImportImage" })).toHaveLength(1);
    }, CASE_MS);

    test("a description change is an update in place", async () => {
        const before = run.images()[0].id;
        const edit = { imageDescription: "second edition" };
        expect(opsOf(expectOk(await run.stack.preview(edit)))).toEqual(only("update"));
        expect(opsOf(expectOk(await run.stack.up(edit)))).toEqual(only("update"));
        expect(run.images()).toMatchObject([{ id: before, description: "second edition" }]);
        expectOk(await run.stack.up());
    }, CASE_MS);

    test.each<[string, ConfigValues, "delete first" | "create first"]>([
        ["imageName", { imageName: "renamed-by-config" }, "create first"],
        ["imageUrl", { imageUrl: `${COS}/another-build.qcow2` }, "delete first"],
        ["osVersion", { osVersion: p.otherOsVersion }, "delete first"],
    ])("changing %s replaces the image (%s)", async (field, config, order) => {
        const before = run.images().map((i) => i.id);
        const diff = expectOk(await run.stack.previewDiff(config)).output;
        expect(diff).toMatch(new RegExp(`\\+-pulumi-nodejs:dynamic/image-import:TencentCvmImportedImage: \\(replace\\)`));
        expect(diff).toMatch(new RegExp(`~ ${field} +:`));
        const preview = expectOk(await run.stack.preview(config));
        expect(opsOf(preview)).toEqual(only("replace"));
        expect(preview.steps.find((s) => s.urn.endsWith(`::${p.resource}`) && s.op === "replace")!.replaceReasons).toEqual([field]);

        const from = lastSeq();
        const up = expectOk(await run.stack.up(config));
        expect(opsOf(up)).toEqual(only("replace"));
        // Names are unique per region: when the name is kept, the old image must go before the new import.
        const steps = stepsOf(up, p.resource);
        const [deleted, created] = [steps.indexOf("delete-replaced"), steps.indexOf("create-replacement")];
        const calls = run.emu.log.query({}).filter((e) => e.seq > from && (e.action === "ImportImage" || e.action === "DeleteImages")).map((e) => e.action);
        if (order === "delete first") {
            expect(deleted).toBeLessThan(created);
            expect(calls).toEqual(["DeleteImages", "ImportImage"]);
        } else {
            expect(created).toBeLessThan(deleted);
            expect(calls).toEqual(["ImportImage", "DeleteImages"]);
        }
        const after = run.images();
        expect(after).toHaveLength(1);
        expect(before).not.toContain(after[0].id);
        // Back to the program's defaults for the next case.
        expectOk(await run.stack.up());
    }, CASE_MS);

    test("a timed-out import stays in the stack and the next up resumes it, also after a refresh", async () => {
        const slow = { imageUrl: `${COS}/slow-build.qcow2`, createTimeout: "1s" };
        const first = await run.stack.up(slow);
        expect(first.ok).toBe(false);
        expect(first.output).toMatch(/timed out after 1s/);
        const kept = (await image())!;
        expect(kept.initErrors?.[0]).toMatch(/next `pulumi up` resumes waiting/);
        expect(kept.outputs!.imageState).toBe("IMPORTING");
        // A refresh clears the engine's init errors; the image must still be resumed, not forgotten.
        expectOk(await run.stack.refresh());
        expect((await image())!.initErrors ?? []).toEqual([]);
        const from = lastSeq();
        const second = expectOk(await run.stack.up(slow));
        expect(opsOf(second)).toEqual(only("update"));
        expect(await run.stack.outputs()).toMatchObject({ imageId: kept.id, imageState: "NORMAL" });
        expect(importsAfter(from)).toHaveLength(0);
        expect(run.images()).toHaveLength(1);
    }, CASE_MS);

    test("a failed import fails up with the cloud's reason and stays in the stack; fixing the source replaces it", async () => {
        const r = await run.stack.up({ imageUrl: `${COS}/fail-corrupt.qcow2` });
        expect(r.ok).toBe(false);
        expect(r.output).toMatch(/failed to import: the image reached state IMPORTFAILED/);
        const kept = (await image())!;
        expect(kept.id).toMatch(/^img-/);
        expect(kept.outputs!.imageState).toBe("IMPORTFAILED");
        expect(run.images().map((i) => i.id)).toContain(kept.id);
        expect(opsOf(expectOk(await run.stack.up()))).toEqual(only("replace"));
        expect(run.images()).toHaveLength(1);
        expect(run.images()[0].id).not.toBe(kept.id);
    }, CASE_MS);

    test("refresh after an outside rename records the name; the next up restores the program's", async () => {
        const [img] = run.images();
        await cvmClient(run.emu.port).ModifyImageAttribute({ ImageId: img.id, ImageName: "renamed-outside" });
        expectOk(await run.stack.refresh());
        expect((await image())!.outputs!.imageName).toBe("renamed-outside");
        const preview = expectOk(await run.stack.preview());
        expect(preview.steps.find((s) => s.urn.endsWith(`::${p.resource}`) && s.op === "replace")!.replaceReasons).toEqual(["imageName"]);
        expectOk(await run.stack.up());
        expect(run.images()).toHaveLength(1);
        expect(run.images()[0].name).toBe(img.name);
    }, CASE_MS);

    test("refresh drops an image deleted outside Pulumi; up imports it again", async () => {
        await cvmClient(run.emu.port).DeleteImages({ ImageIds: [run.images()[0].id] });
        expectOk(await run.stack.refresh());
        expect(await image()).toBeUndefined();
        expect(opsOf(expectOk(await run.stack.up()))).toEqual(only("create"));
        expect(run.images()).toHaveLength(1);
    }, CASE_MS);

    more?.(() => run);

    test("destroy empties the emulator and the stack; nothing secret was ever shown", async () => {
        expectOk(await run.stack.destroy());
        expect(run.images()).toHaveLength(0);
        expect((await run.stack.exportState()).resources).toHaveLength(0);
        const shown = run.stack.transcript.join("\n");
        expect(shown).not.toContain(run.emu.env.TENCENTCLOUD_SECRET_KEY);
        expect(shown).not.toMatch(/q-signature=/);
    }, CASE_MS);
}
