import { spawn } from "child_process";
import { startEmulator, type Emulator } from "../../emulator";
import { buildGoTool, type GoTool } from "../support/go-tool";
import { TC } from "./tencent-helpers";

/**
 * A second official Tencent Cloud SDK against the emulator: tools/tencent-go-client, built from the Go
 * SDK's common package (tencentcloud-sdk-go), which signs the Host header as sent, port included, where
 * the Node SDK signs it without the port. It runs a CVM import lifecycle, a tag call and an ECM import,
 * then a call signed with a wrong secret key.
 */

const MODULE = "tencent-go-client";
/** A cold build downloads the SDK from the module proxy and compiles net/http on 2 cores. */
const BUILD_TIMEOUT_MS = 10 * 60_000;

let emu: Emulator;
let tool: GoTool;

beforeAll(async () => {
    tool = await buildGoTool(MODULE);
    emu = await startEmulator({ importDelayMs: 300 });
}, BUILD_TIMEOUT_MS);
afterAll(() => emu?.close());

interface Step {
    step: string;
    error?: { code?: string; message: string };
    [k: string]: unknown;
}

function runClient(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; steps: Step[]; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(tool.path, args, { env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        const stop = setTimeout(() => child.kill("SIGKILL"), 50_000);
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(stop);
            const steps = stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Step);
            resolve({ code, steps, stderr });
        });
    });
}

test("a second run finds the build in the cache, keyed by go.mod, go.sum and the sources", async () => {
    const again = await buildGoTool(MODULE);
    expect(again).toEqual({ path: tool.path, built: false });
});

test("the Go SDK, signing the Host with its port, runs CVM, tag and ECM calls; a wrong key is AuthFailure.SignatureFailure", async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, TENCENTCLOUD_SECRET_ID: TC.id, TENCENTCLOUD_SECRET_KEY: TC.secret };
    const run = await runClient(["-endpoint", `127.0.0.1:${emu.port}`, "-name", "go-sdk-image"], env);
    // On failure, show what the program printed before anything else.
    expect({ failed: run.steps.find((s) => s.error), stderr: run.stderr }).toEqual({ failed: undefined, stderr: "" });
    expect(run.code).toBe(0);
    const byStep = Object.fromEntries(run.steps.map((s) => [s.step, s]));
    expect(run.steps.map((s) => s.step)).toEqual([
        "cvm.ImportImage",
        "cvm.DescribeImages",
        "tag.ModifyResourceTags",
        "ecm.ImportImage",
        "ecm.DescribeImage",
        "ecm.DeleteImage",
        "cvm.DeleteImages",
        "wrongKey",
        "done",
    ]);
    const cvmId = byStep["cvm.ImportImage"].imageId;
    expect(cvmId).toMatch(/^img-[0-9a-z]{8}$/);
    expect(byStep["cvm.DescribeImages"]).toMatchObject({ imageId: cvmId, imageState: "NORMAL", imageName: "go-sdk-image" });
    expect(byStep["ecm.DescribeImage"]).toMatchObject({ imageState: "NORMAL", imageId: expect.stringMatching(/^img-[0-9a-z]{8}$/) });
    expect(byStep["cvm.DeleteImages"]).toMatchObject({ imageId: cvmId, totalCountAfter: 0 });
    expect(byStep.wrongKey).toEqual({ step: "wrongKey", code: "AuthFailure.SignatureFailure" });
    // The port went out in the Host header the SDK signed.
    expect(byStep.done.hosts).toEqual([`127.0.0.1:${emu.port}`]);

    // What the emulator served: every product, only the wrong key refused.
    const log = emu.log.query();
    expect(new Set(log.map((e) => e.cloud))).toEqual(new Set(["tencent-cvm", "tencent-tag", "tencent-ecm"]));
    expect(log.filter((e) => e.errorCode).map((e) => [e.action, e.errorCode])).toEqual([["DescribeImages", "AuthFailure.SignatureFailure"]]);
    expect(emu.log.query({ cloud: "tencent-cvm", action: "ImportImage" })).toEqual([expect.objectContaining({ account: TC.account, region: "ap-guangzhou", status: 200 })]);
});

test("the endpoint may come from IMAGE_IMPORT_ENDPOINT as the emulator writes it (a URL)", async () => {
    const run = await runClient(["-name", "go-sdk-env"], { PATH: process.env.PATH, HOME: process.env.HOME, ...emu.env });
    expect(run.steps.find((s) => s.error)).toBeUndefined();
    expect(run.steps.at(-1)).toEqual({ step: "done", hosts: [`127.0.0.1:${emu.port}`] });
});
