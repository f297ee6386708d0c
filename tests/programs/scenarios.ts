import type { Emulator } from "../../emulator";
import { startProgram, stateProblems, type ProgramRun } from "../support/programs";
import { expectOk, opsOf, stepsOf, type ConfigValues } from "../support/pulumi";

/** A change made through stack config that replaces the program's image. */
export interface ReplaceCase {
    /** The config that makes it. */
    config: ConfigValues;
    /** The input the preview names as the reason. */
    field: string;
    /** Whether the old image goes before the new import (the cloud refuses two images with the kept inputs). */
    order: "delete first" | "create first";
    /** What happens to the program's other resources meanwhile: the op of each one named (the rest unchecked). */
    others?: Record<string, string>;
    /** The replacement follows another's (the source's, deleted first), so the engine gives it no reasons of its own. */
    cascaded?: boolean;
}

/**
 * A program of the repository and what its image resource does on its cloud: the lifecycle below runs on
 * every one, through the real `pulumi` CLI against the emulator.
 */
export interface ProgramUnderTest {
    /** Directory with Pulumi.yaml. */
    dir: string;
    /** The image resource the lifecycle is about, and its type ("TencentCvmImportedImage"). */
    resource: string;
    type: string;
    /** The program's other resources (the CVM image an ECM image is imported from): created and destroyed with it. */
    others?: string[];
    /** The emulator's name for the resource's cloud, and its import and delete actions. */
    cloud: string;
    actions: { importImage: string; deleteImage: string };
    /** The output holding the cloud's state, and its ready, pending and failed states. */
    stateOutput: string;
    states: { ready: string; pending: RegExp; failed: string };
    /** Config that changes something in place, and what the emulator's image then shows; none where nothing is changeable. */
    inPlace?: { config: ConfigValues; image: Record<string, unknown> };
    replaces: ReplaceCase[];
    /** Config whose import takes longer than it allows (a 1 s create timeout), and one whose import fails. */
    slow: ConfigValues;
    failing: { config: ConfigValues; reason: RegExp };
    /** The output that holds the image's name, and a rename and a delete outside Pulumi with the official SDK. */
    nameOutput: string;
    renameOutside(emu: Emulator, id: string, name: string): Promise<void>;
    deleteOutside(emu: Emulator, id: string): Promise<void>;
}

/** Each case runs several CLI commands of a few seconds each. */
const CASE_MS = 240_000;

/**
 * What every program of the repository must do against the emulator, through the real `pulumi` CLI: the
 * lifecycle a user goes through, with settings changed through stack config only. Credentials go in as
 * secret stack config, and `pulumi stack export` is read after every case for what must never be there.
 */
export function describeProgramLifecycle(p: ProgramUnderTest, more?: (run: () => ProgramRun) => void): void {
    let run: ProgramRun;
    /**
     * The resource's step, and the others' where a case says what they do: a change of an image that others are
     * imported from cascades in ways the engine decides (the ECM image follows its CVM source).
     */
    const expectOps = (ops: Record<string, string>, op: string, others?: string | Record<string, string>) => {
        const named = typeof others === "string" ? Object.fromEntries((p.others ?? []).map((o) => [o, others])) : (others ?? {});
        // `preview --json` leaves unchanged resources out.
        const seen = { ...Object.fromEntries(Object.keys(named).map((o) => [o, "same"])), ...ops };
        expect(Object.fromEntries([p.resource, ...Object.keys(named)].map((r) => [r, seen[r]]))).toEqual({ [p.resource]: op, ...named });
        if (typeof others === "string") expect(Object.keys(ops).filter((r) => r !== p.resource && !(r in named))).toEqual([]);
    };
    const image = () => run.stack.resource(p.resource);
    const images = () => run.images(p.cloud);
    const importsAfter = (seq: number) => run.emu.log.query({ action: p.actions.importImage }).filter((e) => e.seq > seq && e.cloud === p.cloud);
    const lastSeq = () => run.emu.log.query({}).reduce((m, e) => Math.max(m, e.seq), 0);
    const fullType = `pulumi-nodejs:dynamic/image-import:${p.type}`;

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
        expect(text).toMatch(new RegExp(`\\+ +${fullType} +${p.resource} +create`));
        expect(text).toMatch(/imageId\s*: \[unknown\]/);
        expectOps(opsOf(expectOk(await run.stack.preview())), "create", "create");
        expect(images()).toHaveLength(0);
        expect(run.emu.log.query({}).filter((e) => /^import/i.test(e.action))).toHaveLength(0);
    }, CASE_MS);

    test("up brings the image to ready; a second up --expect-no-changes passes", async () => {
        const up = expectOk(await run.stack.up());
        expectOps(opsOf(up), "create", "create");
        const outputs = (await image())!.outputs!;
        expect(outputs[p.stateOutput]).toBe(p.states.ready);
        expect(images()).toMatchObject([{ id: outputs.imageId }]);
        // The stack's default provider holds the stack config, the secret keys encrypted.
        expect((await run.stack.exportState()).text).toContain("tencentcloud:secretKey");
        expectOk(await run.stack.up({}, ["--expect-no-changes"]));
        expect(importsAfter(0)).toHaveLength(1);
    }, CASE_MS);

    if (p.inPlace) {
        const inPlace = p.inPlace;
        test("a description change is an update in place", async () => {
            const before = images()[0].id;
            expectOps(opsOf(expectOk(await run.stack.preview(inPlace.config))), "update", "same");
            expectOps(opsOf(expectOk(await run.stack.up(inPlace.config))), "update", "same");
            expect(images()).toMatchObject([{ id: before, ...inPlace.image }]);
            expectOk(await run.stack.up());
        }, CASE_MS);
    }

    test.each(p.replaces.map((c) => [c.field, c.order, c] as const))("changing %s replaces the image (%s)", async (field, order, c) => {
        const before = images().map((i) => i.id);
        const diff = expectOk(await run.stack.previewDiff(c.config)).output;
        expect(diff).toMatch(new RegExp(`\\+-${fullType}: \\(replace\\)`));
        expect(diff).toMatch(new RegExp(`~ ${field} +:`));
        const preview = expectOk(await run.stack.preview(c.config));
        expectOps(opsOf(preview), "replace", c.others);
        // A replacement the engine cascades from the source's (delete first) carries no reasons of its own.
        if (!c.cascaded) expect(preview.steps.find((s) => s.urn.endsWith(`::${p.resource}`) && s.op === "replace")!.replaceReasons).toEqual([field]);

        const from = lastSeq();
        const up = expectOk(await run.stack.up(c.config));
        expectOps(opsOf(up), "replace", c.others);
        const steps = stepsOf(up, p.resource);
        const [deleted, created] = [steps.indexOf("delete-replaced"), steps.indexOf("create-replacement")];
        const calls = run.emu.log
            .query({})
            .filter((e) => e.seq > from && e.cloud === p.cloud && (e.action === p.actions.importImage || e.action === p.actions.deleteImage))
            .map((e) => e.action);
        if (order === "delete first") {
            expect(deleted).toBeLessThan(created);
            expect(calls).toEqual([p.actions.deleteImage, p.actions.importImage]);
        } else {
            expect(created).toBeLessThan(deleted);
            expect(calls).toEqual([p.actions.importImage, p.actions.deleteImage]);
        }
        const after = images();
        expect(after).toHaveLength(1);
        expect(before).not.toContain(after[0].id);
        // Back to the program's defaults for the next case.
        expectOk(await run.stack.up());
    }, CASE_MS);

    test("a timed-out import stays in the stack and the next up resumes it, also after a refresh", async () => {
        const slow = { ...p.slow, createTimeout: "1s" };
        const first = await run.stack.up(slow);
        expect(first.ok).toBe(false);
        expect(first.output).toMatch(/timed out after 1s/);
        const kept = (await image())!;
        expect(kept.initErrors?.[0]).toMatch(/next `pulumi up` resumes waiting/);
        expect(kept.outputs![p.stateOutput]).toMatch(p.states.pending);
        // A refresh clears the engine's init errors; the image must still be resumed, not forgotten.
        expectOk(await run.stack.refresh());
        expect((await image())!.initErrors ?? []).toEqual([]);
        const from = lastSeq();
        const second = expectOk(await run.stack.up(slow));
        // The wait is resumed (an update); where the replacement came first, the image it replaces goes now.
        const steps = stepsOf(second, p.resource);
        expect(steps).toContain("update");
        expect(steps.filter((op) => op.startsWith("create"))).toEqual([]);
        expect((await image())!.outputs).toMatchObject({ imageId: kept.id, [p.stateOutput]: p.states.ready });
        expect(importsAfter(from)).toHaveLength(0);
        expect(images()).toHaveLength(1);
    }, CASE_MS);

    test("a failed import fails up with the cloud's reason and stays in the stack; fixing the source replaces it", async () => {
        const r = await run.stack.up(p.failing.config);
        expect(r.ok).toBe(false);
        expect(r.output).toMatch(p.failing.reason);
        const kept = (await image())!;
        expect(kept.outputs![p.stateOutput]).toBe(p.states.failed);
        expect(images().map((i) => i.id)).toContain(kept.id);
        expectOps(opsOf(expectOk(await run.stack.up())), "replace");
        expect(images()).toHaveLength(1);
        expect(images()[0].id).not.toBe(kept.id);
    }, CASE_MS);

    test("refresh after an outside rename records the name; the next up restores the program's", async () => {
        const [img] = images();
        await p.renameOutside(run.emu, img.id, "renamed-outside");
        expectOk(await run.stack.refresh());
        expect((await image())!.outputs![p.nameOutput]).toBe("renamed-outside");
        const preview = expectOk(await run.stack.preview());
        expect(preview.steps.find((s) => s.urn.endsWith(`::${p.resource}`) && s.op === "replace")!.replaceReasons).toEqual([p.nameOutput]);
        expectOk(await run.stack.up());
        expect(images()).toHaveLength(1);
        expect(images()[0].name).toBe(img.name);
    }, CASE_MS);

    test("refresh drops an image deleted outside Pulumi; up imports it again", async () => {
        await p.deleteOutside(run.emu, images()[0].id);
        expectOk(await run.stack.refresh());
        expect(await image()).toBeUndefined();
        expectOps(opsOf(expectOk(await run.stack.up())), "create");
        expect(images()).toHaveLength(1);
    }, CASE_MS);

    more?.(() => run);

    test("destroy empties the emulator and the stack; nothing secret was ever shown", async () => {
        expectOk(await run.stack.destroy());
        for (const cloud of ["tencent-cvm", "tencent-ecm", "jdcloud-vm", "alicloud-ens"]) expect(run.images(cloud)).toHaveLength(0);
        expect((await run.stack.exportState()).resources).toHaveLength(0);
        const shown = run.stack.transcript.join("\n");
        for (const secret of [run.emu.env.TENCENTCLOUD_SECRET_KEY, run.emu.env.JDCLOUD_SECRET_KEY, run.emu.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET]) expect(shown).not.toContain(secret);
        expect(shown).not.toMatch(/q-signature=|[?&]Signature=/);
    }, CASE_MS);
}
