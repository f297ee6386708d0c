/**
 * A Pulumi YAML program (examples/yaml-all-clouds) with one image of each cloud, through the provider plugin,
 * on the real CLI and the real YAML language host (both built from the Go module proxy), against the emulator.
 */
import * as path from "path";
import { startEmulator, type Emulator } from "../../emulator";
import { jdBucket, deleteOutside as jdDeleteOutside } from "../emulator/jdcloud-helpers";
import { ROOT, stateProblems, type ProgramRun } from "../support/programs";
import { pluginConfig, withoutCredentialVariables } from "../support/plugin";
import { expectOk, opsOf, PulumiStack, stepsOf } from "../support/pulumi";

const CASE_MS = 240_000;
const DIR = path.join(ROOT, "examples", "yaml-all-clouds");
const CLOUDS = ["tencent-cvm", "tencent-ecm", "jdcloud-vm", "alicloud-ens"];

let emu: Emulator;
let stack: PulumiStack;
const images = (cloud: string): any[] => Object.values(((emu.store.snapshot()[cloud] as any) ?? {}).images ?? {});
const run = (): ProgramRun => ({ emu, stack, images: (c = "tencent-cvm") => images(c), close: async () => undefined });

beforeAll(async () => {
    emu = await startEmulator({ importDelayMs: 400 });
    stack = await PulumiStack.create({ projectDir: DIR, env: withoutCredentialVariables(emu), config: pluginConfig(emu) });
}, CASE_MS);
afterAll(async () => {
    await stack?.close();
    await emu?.close();
});
afterEach(async () => {
    if (stack) expect(await stateProblems(run())).toEqual([]);
}, CASE_MS);

test("preview plans one image of each cloud, through the plugin, and imports nothing", async () => {
    await stack.configure();
    const preview = expectOk(await stack.preview());
    expect(opsOf(preview)).toEqual({ cvm: "create", edge: "create", jd: "create", ens: "create" });
    for (const s of preview.steps.filter((x) => !x.urn.includes("pulumi:"))) expect(s.urn).toMatch(/::image-import:index:\w+ImportedImage::/);
    for (const cloud of CLOUDS) expect(images(cloud)).toHaveLength(0);
}, CASE_MS);

test("up imports the four images to ready; up --expect-no-changes passes", async () => {
    const up = expectOk(await stack.up());
    expect(opsOf(up)).toEqual({ cvm: "create", edge: "create", jd: "create", ens: "create" });
    for (const cloud of CLOUDS) expect(images(cloud)).toHaveLength(1);
    const outputs = await stack.outputs();
    expect(outputs).toMatchObject({ cvmImageId: images("tencent-cvm")[0].id, jdImageId: images("jdcloud-vm")[0].id, jdState: "ready" });
    // The default provider holds the stack config under the package's namespace, its secrets encrypted.
    const state = await stack.exportState();
    const provider = state.resources.find((r) => r.type === "pulumi:providers:image-import")!;
    expect(provider.inputs?.tencentcloudSecretKey).toMatchObject({ ciphertext: expect.any(String) });
    // Progress is the image's own: a lasting line on the resource when it is ready.
    const onJd = up.events.filter((e) => e.diagnosticEvent?.urn?.endsWith("::jd")).map((e) => e.diagnosticEvent!.message);
    expect(onJd.join("")).toMatch(/: ready \(ready\)/);
    expectOk(await stack.up({}, ["--expect-no-changes"]));
}, CASE_MS);

test("a change the cloud makes in place is an update; a name change replaces, the new image first", async () => {
    const jd = images("jdcloud-vm")[0].id;
    expect(opsOf(expectOk(await stack.up({ "yaml-all-clouds:jdDescription": "Golden CentOS, patched" })))).toMatchObject({ jd: "update" });
    expect(images("jdcloud-vm")).toMatchObject([{ id: jd, description: "Golden CentOS, patched" }]);
    const cvm = images("tencent-cvm")[0].id;
    const preview = expectOk(await stack.preview({ "yaml-all-clouds:cvmImageName": "yaml-cvm-ubuntu-2" }));
    expect(preview.steps.find((s) => s.urn.endsWith("::cvm") && s.op === "replace")!.replaceReasons).toEqual(["imageName"]);
    const up = expectOk(await stack.up({ "yaml-all-clouds:cvmImageName": "yaml-cvm-ubuntu-2" }));
    expect(opsOf(up)).toMatchObject({ cvm: "replace" });
    const steps = stepsOf(up, "cvm");
    expect(steps.indexOf("create-replacement")).toBeLessThan(steps.indexOf("delete-replaced"));
    expect(images("tencent-cvm")).toHaveLength(1);
    expect(images("tencent-cvm")[0]).toMatchObject({ name: "yaml-cvm-ubuntu-2" });
    expect(images("tencent-cvm")[0].id).not.toBe(cvm);
    // Back to the program's own values.
    expectOk(await stack.up());
    expectOk(await stack.up({}, ["--expect-no-changes"]));
}, CASE_MS);

test("refresh drops an image deleted outside Pulumi; up imports it again", async () => {
    await jdDeleteOutside(emu, images("jdcloud-vm")[0].id);
    expectOk(await stack.refresh());
    expect(await stack.resource("jd")).toBeUndefined();
    expect(opsOf(expectOk(await stack.up()))).toMatchObject({ jd: "create" });
    expect(Object.keys(jdBucket(emu).images ?? {})).toHaveLength(1);
}, CASE_MS);

test("destroy empties the emulator and the stack; nothing secret was ever shown", async () => {
    expectOk(await stack.destroy());
    for (const cloud of CLOUDS) expect(images(cloud)).toHaveLength(0);
    expect((await stack.exportState()).resources).toHaveLength(0);
    const shown = stack.transcript.join("\n");
    for (const secret of [emu.env.TENCENTCLOUD_SECRET_KEY, emu.env.JDCLOUD_SECRET_KEY, emu.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET]) expect(shown).not.toContain(secret);
}, CASE_MS);
