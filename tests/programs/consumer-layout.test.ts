import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expectOk, ROOT, startProgram, type ProgramRun } from "../support/programs";

/**
 * A user's own project, outside this repository: the package sits in its node_modules (linked, as
 * an install would put it there), so the serialized shim must find the runtime through the
 * project's node_modules rather than the repository's package self-reference.
 */
let project: string;
let run: ProgramRun;

beforeAll(async () => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), "image-import-consumer-"));
    fs.mkdirSync(path.join(project, "node_modules"));
    fs.symlinkSync(ROOT, path.join(project, "node_modules", "pulumi-image-import"), "dir");
    fs.symlinkSync(path.join(ROOT, "node_modules", "@pulumi"), path.join(project, "node_modules", "@pulumi"), "dir");
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer-stack", version: "1.0.0", main: "index.js" }));
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: consumer-stack\nruntime: nodejs\n");
    fs.writeFileSync(
        path.join(project, "index.js"),
        `const { TencentCvmImportedImage } = require("pulumi-image-import");
const img = new TencentCvmImportedImage("img", {
    imageName: "consumer-image",
    imageUrl: "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/x.qcow2",
    osType: "CentOS", osVersion: "7", architecture: "x86_64",
});
exports.imageId = img.imageId;
`,
    );
    run = await startProgram(project);
});

afterAll(async () => {
    await run?.close();
    fs.rmSync(project, { recursive: true, force: true });
});

test("a project that installed the package imports, refreshes and destroys an image", async () => {
    const up = expectOk(await run.harness().up());
    expect(up.outputs.imageId).toMatch(/^img-/);
    expect(run.images()).toHaveLength(1);
    expectOk(await run.harness().refresh());
    expectOk(await run.harness().destroy());
    expect(run.images()).toHaveLength(0);
});
