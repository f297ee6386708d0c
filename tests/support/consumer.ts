import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/**
 * A throw-away project that resolves `pulumi-image-import` to this repository's built package (dist/, as an
 * installed copy would) with its peers, and type-checks `files` (name to source) under `compilerOptions`,
 * as a user's project would. Answers tsc's output: empty when everything compiles.
 */
export function typeCheckAsConsumer(files: Record<string, string>, compilerOptions: Record<string, unknown>): string {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "image-import-consumer-"));
    try {
        fs.mkdirSync(path.join(project, "node_modules"));
        fs.symlinkSync(ROOT, path.join(project, "node_modules", "pulumi-image-import"), "dir");
        for (const peer of ["@pulumi", "@types"]) fs.symlinkSync(path.join(ROOT, "node_modules", peer), path.join(project, "node_modules", peer), "dir");
        for (const [name, code] of Object.entries(files)) fs.writeFileSync(path.join(project, name), code);
        fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, types: ["node"], ...compilerOptions }, files: Object.keys(files) }));
        try {
            execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", project, "--pretty", "false"], { cwd: project, encoding: "utf8" });
            return "";
        } catch (e) {
            return (e as { stdout?: string }).stdout || String(e);
        }
    } finally {
        fs.rmSync(project, { recursive: true, force: true });
    }
}
