import { spawn, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { cacheRoot } from "../../scripts/pulumi-cli";

const TOOLS = path.resolve(__dirname, "../../tools");

export interface GoTool {
    /** The built binary. */
    path: string;
    /** Whether this call built it (false: it was in the cache already). */
    built: boolean;
}

/** The files a build of tools/`module` depends on: go.mod, go.sum and its Go sources, by name. */
function inputsOf(dir: string): string[] {
    const sources = fs.readdirSync(dir).filter((f) => f.endsWith(".go")).sort();
    return ["go.mod", "go.sum", ...sources];
}

/**
 * The cache folder of a build of tools/`module`, outside the work tree like the Pulumi CLI's: its name
 * is a hash of go.mod, go.sum and the sources, so a change to any of them builds afresh.
 */
export function goToolDir(module: string): string {
    const dir = path.join(TOOLS, module);
    const hash = crypto.createHash("sha256");
    for (const f of inputsOf(dir)) hash.update(`${f}\0`).update(fs.readFileSync(path.join(dir, f))).update("\0");
    return path.join(cacheRoot(), `${module}-${hash.digest("hex").slice(0, 12)}`);
}

/**
 * tools/`module` built with `go build` (go.sum as committed: -mod=readonly), or the cached binary of the
 * same inputs. The first build fetches the module's dependencies from the Go module proxy; Go's own
 * module and build caches make later ones fast. Fails, saying so, when there is no Go on PATH.
 */
export async function buildGoTool(module: string): Promise<GoTool> {
    const dir = goToolDir(module);
    const bin = path.join(dir, module);
    if (fs.existsSync(bin)) return { path: bin, built: false };
    if (spawnSync("go", ["version"], { stdio: "ignore" }).status !== 0) {
        throw new Error(`tools/${module} is built with Go, and there is no \`go\` on PATH (https://go.dev/doc/install)`);
    }
    fs.mkdirSync(dir, { recursive: true });
    // Built beside its final name, then renamed: a killed build never leaves a binary that looks complete.
    const staging = `${bin}.partial-${process.pid}`;
    const env = { ...process.env, GOFLAGS: [process.env.GOFLAGS, "-mod=readonly"].filter(Boolean).join(" ") };
    await new Promise<void>((resolve, reject) => {
        const child = spawn("go", ["build", "-trimpath", "-o", staging, "."], { cwd: path.join(TOOLS, module), env, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (d) => (output += d));
        child.stderr.on("data", (d) => (output += d));
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`go build in tools/${module} exited with ${code}:\n${output}`))));
    });
    fs.renameSync(staging, bin);
    return { path: bin, built: true };
}
