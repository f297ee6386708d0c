/**
 * The SDKs generated from schema.json by tools/pulumi-sdkgen (pkg/v3's codegen at the CLI's version, as
 * `pulumi package gen-sdk` runs it), and a TypeScript project of a user's that uses the Node.js one with the
 * provider plugin: nothing of the dynamic resources.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cacheRoot, ensureTool, SDKGEN } from "../../scripts/pulumi-cli";
import { ROOT } from "./programs";

/** Generates the SDK of `language` into a new temporary folder. */
export async function generateSdk(language: "nodejs" | "python" | "go"): Promise<string> {
    const gen = await ensureTool(SDKGEN, () => undefined);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `image-import-sdk-${language}-`));
    execFileSync(gen, [path.join(ROOT, "schema.json"), language, out], { stdio: ["ignore", "pipe", "pipe"] });
    return out;
}

/**
 * The @pulumi/pulumi the generated Node.js SDK needs (its code calls runtime.existsResource, which 3.248, the
 * package's oldest supported, lacks; the schema asks for ^3.276.0), installed once from the npm registry into
 * the tools' cache, as tests/programs/node22.test.ts installs it.
 */
export const SDK_PULUMI = "3.276.0";
function sdkPulumi(): string {
    const dir = path.join(cacheRoot(), `node-sdk-pulumi-${SDK_PULUMI}`);
    if (!fs.existsSync(path.join(dir, "node_modules", "@pulumi", "pulumi", "package.json"))) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "sdk-pulumi", version: "1.0.0", private: true }));
        execFileSync("npm", ["install", `@pulumi/pulumi@${SDK_PULUMI}`, "typescript@5.9", "ts-node@10", "@types/node@20", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    }
    return path.join(dir, "node_modules");
}

/** Links a folder of `modules` into a project's node_modules. */
function link(modules: string, project: string, name: string): void {
    const to = path.join(project, "node_modules", name);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.symlinkSync(path.join(modules, name), to, "dir");
}

/**
 * The Node.js SDK built as its publisher would (tsc, package.json beside the output), in a user's project
 * under `node_modules/pulumi-image-import-sdk`, with `@pulumi/pulumi`, TypeScript and ts-node; Pulumi.yaml
 * points the engine at the plugin (`plugins: providers:`), as a user's would at `./node_modules/.bin`.
 */
export async function makeSdkProject(program: string): Promise<string> {
    const sdk = await generateSdk("nodejs");
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "image-import-ts-sdk-"));
    const modules = sdkPulumi();
    for (const m of fs.readdirSync(modules).filter((m) => !m.startsWith("."))) link(modules, project, m);
    fs.symlinkSync(modules, path.join(sdk, "node_modules"), "dir");
    execFileSync(process.execPath, [path.join(modules, "typescript", "bin", "tsc"), "-p", sdk], { stdio: ["ignore", "pipe", "pipe"] });
    fs.copyFileSync(path.join(sdk, "package.json"), path.join(sdk, "bin", "package.json"));
    fs.symlinkSync(path.join(sdk, "bin"), path.join(project, "node_modules", "pulumi-image-import-sdk"), "dir");
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "sdk-stack", version: "1.0.0", main: "index.ts" }));
    fs.writeFileSync(
        path.join(project, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { target: "ES2022", module: "nodenext", moduleResolution: "nodenext", strict: true, esModuleInterop: true, skipLibCheck: true }, files: ["index.ts"] }),
    );
    fs.writeFileSync(
        path.join(project, "Pulumi.yaml"),
        `name: sdk-stack\nruntime: nodejs\nplugins:\n  providers:\n    - name: image-import\n      path: ${path.join(ROOT, "bin")}\n`,
    );
    fs.writeFileSync(path.join(project, "index.ts"), program);
    return project;
}
