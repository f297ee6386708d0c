import * as fs from "fs";
import * as path from "path";
import { expectOk, opsOf, ROOT } from "../support/programs";
import { describeProgramLifecycle } from "./scenarios";

/** Every program under examples/, as a user would run it. */
const EXAMPLES = fs.readdirSync(path.join(ROOT, "examples")).filter((d) => fs.existsSync(path.join(ROOT, "examples", d, "Pulumi.yaml")));

test("every example has a README and is covered below", () => {
    expect(EXAMPLES.sort()).toEqual(["tencent-cvm"]);
    for (const e of EXAMPLES) expect(fs.existsSync(path.join(ROOT, "examples", e, "README.md"))).toBe(true);
});

describe("examples/tencent-cvm", () => {
    describeProgramLifecycle({ dir: path.join(ROOT, "examples/tencent-cvm"), resource: "ubuntu-2204", otherOsVersion: "20.04" }, (run) => {
        test("what the example sets: UEFI, tags", () => {
            const [img] = run().images();
            expect(img).toMatchObject({ name: "ubuntu-22-04-golden", bootMode: "UEFI" });
            // Tags are a map: their order on the wire carries no meaning.
            expect(img.tags).toEqual(expect.arrayContaining([{ Key: "team", Value: "platform" }, { Key: "managedBy", Value: "pulumi" }]));
            expect(img.tags).toHaveLength(2);
        });

        test("a presigned URL: replaced once, then re-signing is no change, and its signature never reaches the state or logs", async () => {
            const presigned = (sig: string) => ({
                imageUrl: { value: `https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu.qcow2?q-sign-algorithm=sha1&q-ak=AKIDx&q-signature=${sig}`, secret: true },
            });
            expect(opsOf(expectOk(await run().harness(presigned("FIRSTSIGNATURE")).up()))).toEqual({ "ubuntu-2204": "replace" });
            expect(opsOf(expectOk(await run().harness(presigned("SECONDSIGNATURE")).up()))).toEqual({ "ubuntu-2204": "same" });
            const state = fs.readFileSync(run().stateFile, "utf8");
            expect(state).not.toContain("FIRSTSIGNATURE");
            expect(state).not.toContain("SECONDSIGNATURE");
            expect(run().logs.join("\n")).not.toContain("SIGNATURE");
        });
    });
});
