import * as fs from "fs";
import * as path from "path";
import { UNKNOWN } from "../harness";
import { expectOk, opsOf, ROOT, startProgram, type ProgramRun } from "../support/programs";

/** Every program under examples/, as a user would run it, against the emulator. */
const EXAMPLES = fs.readdirSync(path.join(ROOT, "examples")).filter((d) => fs.existsSync(path.join(ROOT, "examples", d, "Pulumi.yaml")));

test("every example has a README", () => {
    expect(EXAMPLES.length).toBeGreaterThan(0);
    for (const e of EXAMPLES) expect(fs.existsSync(path.join(ROOT, "examples", e, "README.md"))).toBe(true);
});

describe("examples/tencent-cvm", () => {
    let run: ProgramRun;
    const presigned = (sig: string) => ({
        imageUrl: { value: `https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu.qcow2?q-sign-algorithm=sha1&q-ak=AKIDx&q-signature=${sig}`, secret: true },
    });

    beforeAll(async () => {
        run = await startProgram(path.join(ROOT, "examples/tencent-cvm"));
    });
    afterAll(async () => {
        await run?.close();
    });

    test("preview, up, then a no-op up", async () => {
        const preview = expectOk(await run.harness().preview());
        expect(opsOf(preview)).toEqual({ "ubuntu-2204": "create" });
        expect(preview.outputs.imageId).toBe(UNKNOWN);
        const up = expectOk(await run.harness().up());
        expect(up.outputs).toMatchObject({ imageState: "NORMAL" });
        expect(run.images()).toMatchObject([{ name: "ubuntu-22-04-golden", bootMode: "UEFI" }]);
        // Tags are a map: their order on the wire carries no meaning.
        expect(run.images()[0].tags).toEqual(expect.arrayContaining([{ Key: "team", Value: "platform" }, { Key: "managedBy", Value: "pulumi" }]));
        expect(run.images()[0].tags).toHaveLength(2);
        expect(opsOf(expectOk(await run.harness().up()))).toEqual({ "ubuntu-2204": "same" });
    });

    test("a presigned URL: replaced once, then re-signing is no change, and its signature never reaches the state", async () => {
        expect(opsOf(expectOk(await run.harness(presigned("FIRSTSIGNATURE")).up()))).toEqual({ "ubuntu-2204": "replace" });
        const resigned = expectOk(await run.harness(presigned("SECONDSIGNATURE")).up());
        expect(opsOf(resigned)).toEqual({ "ubuntu-2204": "same" });
        const state = fs.readFileSync(run.stateFile, "utf8");
        expect(state).not.toContain("FIRSTSIGNATURE");
        expect(state).not.toContain("SECONDSIGNATURE");
        expect(run.logs.join("\n")).not.toContain("SIGNATURE");
    });

    test("description in place, destroy empties the emulator", async () => {
        const cfg = { ...presigned("SECONDSIGNATURE"), imageDescription: "v2" };
        expect(opsOf(expectOk(await run.harness(cfg).up()))).toEqual({ "ubuntu-2204": "update" });
        expect(run.images()).toMatchObject([{ description: "v2" }]);
        expectOk(await run.harness(cfg).destroy());
        expect(run.images()).toHaveLength(0);
    });
});
