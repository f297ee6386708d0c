import * as fs from "fs";
import { UNKNOWN } from "../harness";
import { cvmClient } from "../emulator/tencent-helpers";
import { expectOk, opsOf, startProgram, type ProgramRun } from "../support/programs";

export interface ProgramUnderTest {
    /** Directory with Pulumi.yaml. */
    dir: string;
    /** The image resource's name in the program. */
    resource: string;
    /** Another OS version the program's OS imports, to drive a replace. */
    otherOsVersion: string;
}

const COS = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com";

/**
 * What every program of the repository must do against the emulator, through the engine harness:
 * the lifecycle a user goes through, with settings changed through stack config only. Credentials
 * go in as secret stack config, to prove they never reach the state file.
 */
export function describeProgramLifecycle(p: ProgramUnderTest, more?: (run: () => ProgramRun) => void): void {
    let run: ProgramRun;
    const image = () => run.harness().readState().resources.find((r) => r.urn.endsWith(`::${p.resource}`));
    const only = (op: string) => ({ [p.resource]: op });

    beforeAll(async () => {
        run = await startProgram(p.dir, { emulator: { importDelayBySource: { slow: 4000 } }, credentialsAsConfig: true });
    });
    afterAll(async () => {
        await run?.close();
    });

    test("preview creates nothing and shows computed outputs as unknown", async () => {
        const r = expectOk(await run.harness().preview());
        expect(opsOf(r)).toEqual(only("create"));
        expect(r.outputs).toMatchObject({ imageId: UNKNOWN, imageState: UNKNOWN });
        expect(r.planText).toMatch(new RegExp(`\\+ +pulumi-nodejs:dynamic/image-import:TencentCvmImportedImage +${p.resource}`));
        expect(run.images()).toHaveLength(0);
        expect(run.emu.log.query({ action: "ImportImage" })).toHaveLength(0);
    });

    test("up imports the image; a second up changes nothing", async () => {
        const up = expectOk(await run.harness().up());
        expect(opsOf(up)).toEqual(only("create"));
        expect(up.outputs).toMatchObject({ imageState: "NORMAL" });
        expect(up.outputs.imageId).toMatch(/^img-/);
        expect(run.images()).toHaveLength(1);
        // The stack holds the image and its default provider, configured with the secret key.
        const state = fs.readFileSync(run.stateFile, "utf8");
        expect(state).toContain("tencentcloud:secretKey");
        expect(state).not.toContain(run.emu.env.TENCENTCLOUD_SECRET_KEY);
        expect(opsOf(expectOk(await run.harness().up()))).toEqual(only("same"));
        expect(run.emu.log.query({ action: "ImportImage" })).toHaveLength(1);
    });

    test("the description is updated in place", async () => {
        const before = run.images()[0].id;
        expect(opsOf(expectOk(await run.harness({ imageDescription: "second edition" }).preview()))).toEqual(only("update"));
        expect(opsOf(expectOk(await run.harness({ imageDescription: "second edition" }).up()))).toEqual(only("update"));
        expect(run.images()).toMatchObject([{ id: before, description: "second edition" }]);
        expectOk(await run.harness().up());
    });

    test.each([
        ["imageName", { imageName: "renamed-by-config" }],
        ["imageUrl", { imageUrl: `${COS}/another-build.qcow2` }],
        ["osVersion", { osVersion: p.otherOsVersion }],
    ])("changing %s replaces the image", async (field, config) => {
        const before = run.images().map((i) => i.id);
        const preview = expectOk(await run.harness(config).preview());
        expect(opsOf(preview)).toEqual(only("replace"));
        expect(preview.steps.find((s) => s.name === p.resource)!.replaceKeys).toEqual([field]);
        expect(preview.planText).toContain(`[diff: ${field}]`);
        expect(opsOf(expectOk(await run.harness(config).up()))).toEqual(only("replace"));
        const after = run.images();
        expect(after).toHaveLength(1);
        expect(before).not.toContain(after[0].id);
        // Back to the program's defaults for the next case.
        expectOk(await run.harness().up());
    });

    test("a timed-out import stays in the stack and the next up resumes it, also after a refresh", async () => {
        const slow = { imageUrl: `${COS}/slow-build.qcow2`, createTimeout: "1s" };
        const first = await run.harness(slow).up();
        expect(first.ok).toBe(false);
        expect(first.error).toMatch(/timed out after 1s/);
        expect(image()!.initErrors?.[0]).toMatch(/next `pulumi up` resumes waiting/);
        expect(image()!.outputs.imageState).toBe("IMPORTING");
        // A refresh clears the engine's init errors; the image must still be resumed, not forgotten.
        expectOk(await run.harness(slow).refresh());
        expect(image()!.initErrors ?? []).toEqual([]);
        const second = expectOk(await run.harness(slow).up());
        expect(opsOf(second)).toEqual(only("update"));
        expect(second.outputs).toMatchObject({ imageId: image()!.id, imageState: "NORMAL" });
        expect(run.images()).toHaveLength(1);
    });

    test("a failed import is kept with the cloud's reason; a new URL replaces it", async () => {
        const r = await run.harness({ imageUrl: `${COS}/fail-corrupt.qcow2` }).up();
        expect(r.ok).toBe(false);
        expect(r.error).toMatch(/failed to import: the image reached state IMPORTFAILED/);
        const kept = image()!;
        expect(kept.outputs.imageState).toBe("IMPORTFAILED");
        expect(run.images().map((i) => i.id)).toContain(kept.id);
        expect(opsOf(expectOk(await run.harness().up()))).toEqual(only("replace"));
        expect(run.images()).toHaveLength(1);
        expect(run.images()[0].id).not.toBe(kept.id);
    });

    test("refresh drops an image deleted outside Pulumi; up imports it again", async () => {
        await cvmClient(run.emu.port).DeleteImages({ ImageIds: [run.images()[0].id] });
        const refresh = expectOk(await run.harness().refresh());
        expect(refresh.steps.find((s) => s.name === p.resource)!.op).toBe("refresh-delete");
        expect(image()).toBeUndefined();
        expect(opsOf(expectOk(await run.harness().up()))).toEqual(only("create"));
    });

    more?.(() => run);

    test("destroy empties the emulator, and the state file holds no credentials", async () => {
        expectOk(await run.harness().destroy());
        expect(run.images()).toHaveLength(0);
        expect(run.harness().readState().resources).toHaveLength(0);
        expect(fs.readFileSync(run.stateFile, "utf8")).not.toContain(run.emu.env.TENCENTCLOUD_SECRET_KEY);
    });
}
