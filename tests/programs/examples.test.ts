import * as fs from "fs";
import * as path from "path";
import { ROOT, stateProblems } from "../support/programs";
import { expectOk, opsOf } from "../support/pulumi";
import { cvmProgram, ecmProgram, ensProgram, jdProgram } from "./clouds";
import { describeProgramLifecycle } from "./scenarios";

/** Every program under examples/, as a user would run it. */
const EXAMPLES = fs.readdirSync(path.join(ROOT, "examples")).filter((d) => fs.existsSync(path.join(ROOT, "examples", d, "Pulumi.yaml")));

test("every example has a README and is covered below", () => {
    // golden-images and edge-from-golden run together in stack-reference.test.ts, yaml-all-clouds in yaml.test.ts.
    expect(EXAMPLES.sort()).toEqual(["alicloud-ens", "edge-from-golden", "golden-images", "jdcloud-vm", "tencent-cvm", "tencent-ecm", "yaml-all-clouds"]);
    for (const e of EXAMPLES) expect(fs.existsSync(path.join(ROOT, "examples", e, "README.md"))).toBe(true);
});

describe("examples/tencent-cvm", () => {
    describeProgramLifecycle(cvmProgram(path.join(ROOT, "examples/tencent-cvm"), "ubuntu-2204", { otherOsVersion: "20.04" }), (run) => {
        test("what the example sets: UEFI, tags", () => {
            const [img] = run().images();
            expect(img).toMatchObject({ name: "ubuntu-22-04-golden", bootMode: "UEFI" });
            // Tags are a map: their order on the wire carries no meaning. The import token's tag is the package's own.
            const own = img.tags.filter((t: { Key: string }) => t.Key !== "pulumi-image-import-token");
            expect(own).toEqual(expect.arrayContaining([{ Key: "team", Value: "platform" }, { Key: "managedBy", Value: "pulumi" }]));
            expect(own).toHaveLength(2);
        });

        test("a presigned URL: replaced once, then re-signing is no change, and its signature never reaches the state or logs", async () => {
            const presigned = (sig: string) => ({
                imageUrl: { value: `https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu.qcow2?q-sign-algorithm=sha1&q-ak=AKIDx&q-signature=${sig}`, secret: true },
            });
            expect(opsOf(expectOk(await run().stack.up(presigned("FIRSTSIGNATURE"))))).toEqual({ "ubuntu-2204": "replace" });
            expect(opsOf(expectOk(await run().stack.up(presigned("SECONDSIGNATURE"))))).toEqual({ "ubuntu-2204": "same" });
            expect(await stateProblems(run(), ["FIRSTSIGNATURE", "SECONDSIGNATURE"])).toEqual([]);
            expect(run().stack.transcript.join("\n")).not.toContain("SIGNATURE");
            // Back to the example's own URL.
            expectOk(await run().stack.up());
        }, 240_000);
    });
});

describe("examples/tencent-ecm", () => {
    describeProgramLifecycle(ecmProgram(), (run) => {
        test("the ECM image is the CVM image's copy, named by the program once ready", () => {
            const [cvm] = run().images("tencent-cvm");
            const [ecm] = run().images("tencent-ecm");
            expect(ecm).toMatchObject({ name: "ubuntu-2204-edge", source: { imageId: cvm.id, region: "ap-guangzhou" } });
        });
    });
});

describe("examples/jdcloud-vm", () => {
    describeProgramLifecycle(jdProgram(), (run) => {
        test("destroy leaves no snapshot: the import's snapshot goes with its image", () => {
            const snapshots = () => Object.keys(((run().emu.store.snapshot()["jdcloud-vm"] as any) ?? {}).snapshots ?? {});
            expect(snapshots()).toHaveLength(run().images("jdcloud-vm").length);
        });
    });
});

describe("examples/alicloud-ens", () => {
    describeProgramLifecycle(ensProgram());
});
