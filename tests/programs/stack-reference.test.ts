import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cvmClient } from "../emulator/tencent-helpers";
import { ROOT, startProgram, stateProblems, type ProgramRun } from "../support/programs";
import { expectOk, opsOf } from "../support/pulumi";

/**
 * examples/golden-images and examples/edge-from-golden, as their README runs them: one stack exports a
 * protected, retained golden CVM image; another reads it through a StackReference and imports it into ECM.
 */
let backend: string;
let golden: ProgramRun;
let edge: ProgramRun;

beforeAll(async () => {
    backend = fs.mkdtempSync(path.join(os.tmpdir(), "image-import-backend-"));
    golden = await startProgram(path.join(ROOT, "examples/golden-images"), { credentialsAsConfig: true, backend });
    edge = await startProgram(path.join(ROOT, "examples/edge-from-golden"), { credentialsAsConfig: true, backend, emu: golden.emu });
}, 120_000);
afterAll(async () => {
    await edge?.close();
    await golden?.close();
    fs.rmSync(backend, { recursive: true, force: true });
});
afterEach(async () => {
    expect(await stateProblems(golden)).toEqual([]);
    expect(await stateProblems(edge)).toEqual([]);
}, 60_000);

test("the edge stack imports the golden stack's image into ECM, and its destroy leaves the golden image", async () => {
    expectOk(await golden.stack.up());
    const { imageId, region } = await golden.stack.outputs();
    const goldenStack = { goldenStack: `organization/golden-images/${golden.stack.stack}` };
    // The StackReference is read, never created or deleted.
    expect(opsOf(expectOk(await edge.stack.up(goldenStack)))).toEqual({ "golden-edge": "create", "golden-source": "read", [goldenStack.goldenStack]: "read" });
    expect(golden.images("tencent-ecm")).toMatchObject([{ source: { imageId, region } }]);
    // TencentCvmImportedImage.get read the golden image as the cloud reports it.
    expect(await edge.stack.outputs()).toMatchObject({ sourceName: (await golden.stack.outputs()).imageName, sourceState: "NORMAL" });
    expectOk(await edge.stack.destroy());
    expect(golden.images("tencent-ecm")).toHaveLength(0);
    expect(golden.images().map((i) => i.id)).toEqual([imageId]);
}, 240_000);

test("destroy refuses a protected golden image; lifted, the stack lets go and the image stays in the cloud", async () => {
    const { imageId } = await golden.stack.outputs();
    const refused = await golden.stack.destroy();
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(/protected/);
    expect(golden.images().map((i) => i.id)).toEqual([imageId]);

    expectOk(await golden.stack.up({ protect: "false" }));
    expectOk(await golden.stack.destroy());
    expect((await golden.stack.exportState()).resources).toHaveLength(0);
    // retainOnDelete: nothing asked the cloud to delete it.
    expect(golden.images().map((i) => i.id)).toEqual([imageId]);
    expect(golden.emu.log.query({ action: "DeleteImages" })).toHaveLength(0);
    await cvmClient(golden.emu.port).DeleteImages({ ImageIds: [imageId], DeleteBindedSnap: true });
}, 240_000);
