import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/**
 * A consumer's type check of the package and its emulator subpath, under each `moduleResolution` users
 * set: node10 (the old "node", which ignores `exports`), node16 and bundler. Runs the built typings.
 */
test.each([
    ["node", "commonjs"],
    ["node16", "node16"],
    ["bundler", "esnext"],
])("moduleResolution %s resolves the package and pulumi-image-import/emulator", (moduleResolution, module) => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "image-import-types-"));
    try {
        fs.mkdirSync(path.join(project, "node_modules"));
        fs.symlinkSync(ROOT, path.join(project, "node_modules", "pulumi-image-import"), "dir");
        fs.symlinkSync(path.join(ROOT, "node_modules", "@pulumi"), path.join(project, "node_modules", "@pulumi"), "dir");
        fs.symlinkSync(path.join(ROOT, "node_modules", "@types"), path.join(project, "node_modules", "@types"), "dir");
        fs.writeFileSync(
            path.join(project, "index.ts"),
            `import { TencentCvmImportedImage, type TencentCvmImportedImageArgs } from "pulumi-image-import";
import { startEmulator, type Emulator } from "pulumi-image-import/emulator";
export const args: TencentCvmImportedImageArgs = { imageName: "n", imageUrl: "u", osType: "CentOS", osVersion: "7", architecture: "x86_64" };
export const make = (name: string) => new TencentCvmImportedImage(name, args);
export const start: () => Promise<Emulator> = () => startEmulator({ port: 0 });
`,
        );
        fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module, moduleResolution, skipLibCheck: true, types: ["node"] }, files: ["index.ts"] }));
        execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", project], { encoding: "utf8" });
    } catch (e) {
        throw new Error(`tsc failed: ${(e as { stdout?: string }).stdout ?? e}`);
    } finally {
        fs.rmSync(project, { recursive: true, force: true });
    }
}, 60_000);
