import * as fs from "fs";
import { Harness, UNKNOWN } from "../harness";
import { cvmClient } from "../support/cloud";
import { expectOk, opsOf, ROOT, startProgram, type ProgramRun } from "../support/programs";

/** The root Pulumi.yaml program, through the engine harness, against the emulator. */
let run: ProgramRun;

beforeAll(async () => {
    run = await startProgram(ROOT, { emulator: { importDelayBySource: { slow: 4000 } }, credentialsAsConfig: true });
});
afterAll(async () => {
    await run?.close();
});

test("preview creates nothing and shows computed outputs as unknown", async () => {
    const r = expectOk(await run.harness().preview());
    expect(opsOf(r)).toEqual({ "base-image": "create" });
    expect(r.outputs).toMatchObject({ imageId: UNKNOWN, imageState: UNKNOWN, imageName: "quickstart-centos-7" });
    expect(r.planText).toMatch(/\+ +pulumi-nodejs:dynamic\/image-import:TencentCvmImportedImage +base-image/);
    expect(run.images()).toHaveLength(0);
    expect(run.emu.log.query({ action: "ImportImage" })).toHaveLength(0);
});

test("up imports the image; a second up changes nothing", async () => {
    const up = expectOk(await run.harness().up());
    expect(opsOf(up)).toEqual({ "base-image": "create" });
    expect(up.outputs).toMatchObject({ imageState: "NORMAL", imageName: "quickstart-centos-7" });
    expect(up.outputs.imageId).toMatch(/^img-/);
    expect(run.images()).toHaveLength(1);
    // The stack holds the image and its default provider, configured with the secret key.
    const state = fs.readFileSync(run.stateFile, "utf8");
    expect(state).toContain("tencentcloud:secretKey");
    expect(state).not.toContain(run.emu.env.TENCENTCLOUD_SECRET_KEY);
    const again = expectOk(await run.harness().up());
    expect(opsOf(again)).toEqual({ "base-image": "same" });
    expect(run.emu.log.query({ action: "ImportImage" })).toHaveLength(1);
});

test("the description is updated in place", async () => {
    const before = run.images()[0].id;
    const preview = expectOk(await run.harness({ imageDescription: "second edition" }).preview());
    expect(opsOf(preview)).toEqual({ "base-image": "update" });
    const up = expectOk(await run.harness({ imageDescription: "second edition" }).up());
    expect(opsOf(up)).toEqual({ "base-image": "update" });
    expect(run.images()).toMatchObject([{ id: before, description: "second edition" }]);
});

test.each([
    ["imageName", { imageName: "quickstart-renamed" }],
    ["imageUrl", { imageUrl: "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/centos-7.9.qcow2" }],
    ["osVersion", { osVersion: "6" }],
])("changing %s replaces the image", async (field, config) => {
    const before = run.images().map((i) => i.id);
    const preview = expectOk(await run.harness(config).preview());
    expect(opsOf(preview)).toEqual({ "base-image": "replace" });
    expect(preview.steps.find((s) => s.name === "base-image")!.replaceKeys).toEqual([field]);
    expect(preview.planText).toContain(`[diff: ${field}]`);
    const up = expectOk(await run.harness(config).up());
    expect(opsOf(up)).toEqual({ "base-image": "replace" });
    const after = run.images();
    expect(after).toHaveLength(1);
    expect(before).not.toContain(after[0].id);
    // Back to the defaults for the next case.
    expectOk(await run.harness().up());
});

test("a timed-out import stays in the stack and the next up resumes it", async () => {
    const slow = { imageUrl: "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/slow-centos.qcow2", createTimeout: "1s" };
    const first = await run.harness(slow).up();
    expect(first.ok).toBe(false);
    expect(first.error).toMatch(/timed out after 1s/);
    const kept = run.harness().readState().resources.find((r) => r.urn.endsWith("::base-image"))!;
    expect(kept.initErrors?.[0]).toMatch(/next `pulumi up` resumes waiting/);
    expect(kept.outputs.imageState).toBe("IMPORTING");

    const second = expectOk(await run.harness(slow).up());
    expect(opsOf(second)).toEqual({ "base-image": "update" });
    expect(second.outputs).toMatchObject({ imageId: kept.id, imageState: "NORMAL" });
    expect(run.harness().readState().resources.find((r) => r.urn.endsWith("::base-image"))!.initErrors ?? []).toEqual([]);
    expect(run.images()).toHaveLength(1);
});

test("a timed-out import still resumes on the next up after a refresh (which clears init errors)", async () => {
    const slow = { imageUrl: "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/slow-again.qcow2", createTimeout: "1s" };
    const first = await run.harness(slow).up();
    expect(first.ok).toBe(false);
    expectOk(await run.harness(slow).refresh());
    const kept = run.harness().readState().resources.find((r) => r.urn.endsWith("::base-image"))!;
    expect(kept.initErrors ?? []).toEqual([]);
    expect(kept.outputs.imageState).toBe("IMPORTING");
    const second = expectOk(await run.harness(slow).up());
    expect(opsOf(second)).toEqual({ "base-image": "update" });
    expect(second.outputs).toMatchObject({ imageId: kept.id, imageState: "NORMAL" });
});

test("a failed import is kept with the cloud's reason; a new URL replaces it", async () => {
    const failing = { imageUrl: "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/fail-corrupt.qcow2" };
    const r = await run.harness(failing).up();
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/failed to import: the image reached state IMPORTFAILED/);
    const kept = run.harness().readState().resources.find((x) => x.urn.endsWith("::base-image"))!;
    expect(kept.outputs.imageState).toBe("IMPORTFAILED");
    expect(run.images().map((i) => i.id)).toContain(kept.id);

    const fixed = expectOk(await run.harness().up());
    expect(opsOf(fixed)).toEqual({ "base-image": "replace" });
    expect(run.images()).toHaveLength(1);
    expect(run.images()[0].id).not.toBe(kept.id);
});

test("refresh drops an image deleted outside Pulumi; up imports it again", async () => {
    const id = run.images()[0].id;
    await cvmClient(run.emu).DeleteImages({ ImageIds: [id] });
    const refresh = expectOk(await run.harness().refresh());
    expect(refresh.steps.find((s) => s.name === "base-image")!.op).toMatch(/delete/);
    expect(run.harness().readState().resources.filter((r) => r.urn.endsWith("::base-image"))).toHaveLength(0);
    const up = expectOk(await run.harness().up());
    expect(opsOf(up)).toEqual({ "base-image": "create" });
});

test("destroy empties the emulator", async () => {
    expectOk(await run.harness().destroy());
    expect(run.images()).toHaveLength(0);
    expect(run.harness().readState().resources).toHaveLength(0);
});

test("after destroy, the state file holds no credentials either", () => {
    expect(fs.readFileSync(run.stateFile, "utf8")).not.toContain(run.emu.env.TENCENTCLOUD_SECRET_KEY);
});

test("with no credentials and no endpoint, the quickstart explains how to point it at the emulator or an account", async () => {
    const h = new Harness({
        projectDir: ROOT,
        stateFile: `${run.dir}/nothing.json`,
        env: { TENCENTCLOUD_SECRET_ID: "", TENCENTCLOUD_SECRET_KEY: "", IMAGE_IMPORT_ENDPOINT: "", PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
        onLog: () => undefined,
    });
    const r = await h.preview();
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/npm run emulator -- --port 0 --write-env/);
    expect(r.error).toMatch(/pulumi config set --secret tencentcloud:secretKey/);
});
