/**
 * The real Pulumi CLI for the tests and the demo, the first of: the `pulumi` PULUMI_IMAGE_IMPORT_CLI names;
 * the pinned build, once made; a `pulumi` on PATH whose `pulumi version` is one the tests take (the
 * pinned major and at least its minor: v3.274.0 or a later 3.x) and that has its Node.js language host
 * beside it; else the pinned build, made now from the Go module proxy at the versions tools/pulumi-cli/go.mod
 * pins, into a cache folder outside the work tree. `npm run pulumi-cli` makes sure there is one.
 */
import { spawn, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The repository: two folders up when compiled into dist/scripts, one up when run from source (tests). */
const ROOT = [path.resolve(__dirname, ".."), path.resolve(__dirname, "../..")].find((d) => fs.existsSync(path.join(d, "tools", "pulumi-cli", "go.mod")))!;
const TOOLS = path.join(ROOT, "tools");
const PLUGIN = path.join(TOOLS, "pulumi-cli", "pulumi-resource-pulumi-nodejs");

/**
 * What is built: each binary by the file name the engine looks for, from a Go module of ours that pins it.
 * The language host that matches the CLI lives in a module the proxy refuses
 * (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), so it is built from the newest
 * sdk/v3 release that still held it in the SDK module; the CLI drives it through the same protocol.
 */
const BUILDS = [
    { name: "pulumi", module: "pulumi-cli", pkg: "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi", versionOf: "github.com/pulumi/pulumi/pkg/v3" },
    {
        name: "pulumi-language-nodejs",
        module: "pulumi-language-nodejs",
        pkg: "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs",
        versionOf: "github.com/pulumi/pulumi/sdk/v3",
    },
];
/**
 * Tools built beside the CLI, each from a Go module of its own and into a cache folder of its own (so adding
 * one rebuilt no CLI):
 * - the YAML language host: github.com/pulumi/pulumi-yaml v1.25.0 does not compile against pkg/v3 v3.274.1
 *   (plugin.NewContextWithRoot and schema.NewPluginLoader changed), so it is built with the pkg/v3 its own
 *   go.mod asks for (v3.206.0); it speaks the same language-host protocol to the CLI;
 * - pulumi-sdkgen, our generator of the SDKs (tools/pulumi-sdkgen): pkg/v3's codegen at the CLI's version, as
 *   `pulumi package gen-sdk` runs it through a language host; ours (sdk/v3 v3.68.0's Node.js host) predates
 *   GeneratePackage.
 */
export interface GoTool {
    name: string;
    module: string;
    pkg: string;
    /** The dependency whose version names the build, and the variable stamped with it, if any. */
    versionOf: string;
    stamp?: string;
}
export const YAML_HOST: GoTool = {
    name: "pulumi-language-yaml",
    module: "pulumi-language-yaml",
    pkg: "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml",
    versionOf: "github.com/pulumi/pulumi-yaml",
    stamp: "github.com/pulumi/pulumi-yaml/pkg/version.Version",
};
export const SDKGEN: GoTool = { name: "pulumi-sdkgen", module: "pulumi-sdkgen", pkg: "pulumi-image-import/tools/pulumi-sdkgen", versionOf: "github.com/pulumi/pulumi/pkg/v3" };
/** As the upstream release builds (its .goreleaser.yml): pure-Go user lookups, no gRPC tracing, stripped. */
const BUILD_TAGS = "osusergo,grpcnotrace";
export const CLI_VARIABLE = "PULUMI_IMAGE_IMPORT_CLI";

export interface PulumiCli {
    /** The `pulumi` binary. */
    pulumi: string;
    /** Folders to put first on PATH: the language host and the dynamic-provider plugin. */
    path: string[];
    version: string;
    /** Where it came from, for one line of output. */
    origin: string;
}

/** The version of `dependency` that tools/MODULE/go.mod pins. */
function pinned(module: string, dependency: string): string {
    const mod = fs.readFileSync(path.join(TOOLS, module, "go.mod"), "utf8");
    const m = new RegExp(`^\\s*(?:require\\s+)?${dependency.replace(/[./]/g, "\\$&")} (v\\S+)`, "m").exec(mod);
    if (!m) throw new Error(`tools/${module}/go.mod does not require ${dependency}`);
    return m[1];
}

/** The CLI version pinned in tools/pulumi-cli/go.mod. */
export function pinnedVersion(): string {
    return pinned(BUILDS[0].module, BUILDS[0].versionOf);
}

/** Where built tools are kept, outside the work tree: PULUMI_IMAGE_IMPORT_CACHE, else the user's cache folder. */
export function cacheRoot(): string {
    return process.env.PULUMI_IMAGE_IMPORT_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-image-import");
}

/** The cache folder of the pinned build: its name changes with anything that changes the binaries. */
export function pinnedBinDir(): string {
    const hash = crypto.createHash("sha256");
    for (const b of BUILDS) for (const f of ["go.mod", "go.sum"]) hash.update(fs.readFileSync(path.join(TOOLS, b.module, f)));
    hash.update(fs.readFileSync(PLUGIN));
    hash.update(BUILD_TAGS);
    return path.join(cacheRoot(), `pulumi-${pinnedVersion()}-${hash.digest("hex").slice(0, 12)}`, "bin");
}

const BUILT_MARK = ".complete";

/**
 * Whether a CLI of `version` (as `pulumi version` prints it, "v3.274.1") is one to run the tests and the demo
 * with: the pinned major and at least the pinned minor. The tests run on the pinned release; later 3.x
 * releases keep the engine, state and language-host protocols they use backward compatible. Older releases
 * are not taken: nothing has run the tests on them.
 */
export function acceptedVersion(version: string, pinned: string = pinnedVersion()): boolean {
    const parse = (v: string) => /^v?(\d+)\.(\d+)\.(\d+)/.exec(v.trim())?.slice(1, 3).map(Number);
    const [have, want] = [parse(version), parse(pinned)];
    return !!have && !!want && have[0] === want[0] && have[1] >= want[1];
}

/** The oldest version accepted, for messages: "v3.274.0". */
export function minimumVersion(): string {
    const [major, minor] = pinnedVersion().replace(/^v/, "").split(".");
    return `v${major}.${minor}.0`;
}

/** The first executable `name` in the folders of `searchPath`. */
function which(name: string, searchPath: string | undefined): string | undefined {
    for (const dir of (searchPath ?? "").split(path.delimiter).filter(Boolean)) {
        const file = path.join(dir, name);
        try {
            if (fs.statSync(file).isFile()) {
                fs.accessSync(file, fs.constants.X_OK);
                return file;
            }
        } catch {
            // not here
        }
    }
    return undefined;
}

/** What `pulumi version` prints (its first line), or undefined when it does not answer. */
export function versionOf(pulumi: string): string | undefined {
    const r = spawnSync(pulumi, ["version"], { encoding: "utf8", timeout: 30_000, env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" }, stdio: ["ignore", "pipe", "ignore"] });
    const line = r.status === 0 ? r.stdout.trim().split("\n")[0] : "";
    return line || undefined;
}

const asked = new Map<string, { cli?: PulumiCli; passedOver?: string }>();

/**
 * The `pulumi` on PATH, when it is one the tests take (see acceptedVersion) and its Node.js language host
 * is beside it (where a distribution ships it, also beside the file a symlink on PATH points at) or on PATH;
 * else `passedOver` says which one was found and why it is not used. Each binary is asked its version once.
 */
export function cliOnPath(searchPath: string | undefined = process.env.PATH): { cli?: PulumiCli; passedOver?: string } {
    const found = which("pulumi", searchPath);
    if (!found) return {};
    const real = fs.realpathSync(found);
    const key = `${found}\0${real}\0${fs.statSync(real).mtimeMs}\0${searchPath}`;
    const known = asked.get(key);
    if (known) return known;
    let answer: { cli?: PulumiCli; passedOver?: string };
    const version = versionOf(found);
    const dirs = [...new Set([path.dirname(found), path.dirname(real)])];
    if (!version) answer = { passedOver: `${found} does not answer \`pulumi version\`` };
    else if (!acceptedVersion(version)) answer = { passedOver: `${found} is ${version}; the tests take ${minimumVersion()} or a later ${version.replace(/^v?(\d+).*/, "v$1")}.x only, and ${pinnedVersion()} is pinned` };
    else if (!dirs.some((d) => which("pulumi-language-nodejs", d)) && !which("pulumi-language-nodejs", searchPath)) {
        answer = { passedOver: `${found} (${version}) has no pulumi-language-nodejs beside it or on PATH, which runs Node.js programs` };
    } else {
        // Its own folders first: the engine takes bundled plugins from PATH and warns when they are not the ones
        // beside the binary. Our dynamic-provider plugin covers a distribution that lacks its own.
        answer = { cli: { pulumi: found, path: [...dirs, path.dirname(PLUGIN)], version, origin: `${found}, found on PATH` } };
    }
    asked.set(key, answer);
    return answer;
}

/** The cache folder of a tool's pinned build: its name changes with its module's go.mod and go.sum. */
export function toolDir(tool: GoTool): string {
    const hash = crypto.createHash("sha256");
    for (const f of ["go.mod", "go.sum", ...(fs.existsSync(path.join(TOOLS, tool.module, "main.go")) ? ["main.go"] : [])]) hash.update(fs.readFileSync(path.join(TOOLS, tool.module, f)));
    hash.update(BUILD_TAGS);
    return path.join(cacheRoot(), `${tool.name}-${pinned(tool.module, tool.versionOf)}-${hash.digest("hex").slice(0, 12)}`, "bin");
}

/** The YAML host's folder when it is built (it joins the CLI's PATH), else nothing. */
function builtYamlHost(): string[] {
    const dir = toolDir(YAML_HOST);
    return fs.existsSync(path.join(dir, BUILT_MARK)) ? [dir] : [];
}

/** The CLI to use without building anything, or undefined when there is none (see the top of this file). */
export function existingCli(): PulumiCli | undefined {
    const named = process.env[CLI_VARIABLE];
    if (named) {
        if (!fs.existsSync(named)) throw new Error(`${CLI_VARIABLE}=${named}: no such file (it names a pulumi binary)`);
        // A distribution keeps its language hosts beside `pulumi`; our plugin script covers one that lacks it.
        return { pulumi: named, path: [path.dirname(named), path.dirname(PLUGIN), ...builtYamlHost()], version: "as installed", origin: `${CLI_VARIABLE}=${named}` };
    }
    const bin = pinnedBinDir();
    if (fs.existsSync(path.join(bin, BUILT_MARK))) return { pulumi: path.join(bin, "pulumi"), path: [bin, ...builtYamlHost()], version: pinnedVersion(), origin: `the pinned build in ${bin}` };
    const onPath = cliOnPath().cli;
    return onPath && { ...onPath, path: [...onPath.path, ...builtYamlHost()] };
}

/**
 * The environment of a CLI run that never leaves the machine and never touches the user's own set-up: a
 * file backend and PULUMI_HOME under `work`, a passphrase for the stack's secrets, no update check and no
 * plugin downloads, with the language host and the dynamic-provider plugin first on PATH.
 */
export function isolatedEnv(cli: PulumiCli, work: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    for (const d of ["home", "backend"]) fs.mkdirSync(path.join(work, d), { recursive: true });
    return {
        ...env,
        PATH: [...cli.path, env.PATH].join(path.delimiter),
        PULUMI_HOME: path.join(work, "home"),
        PULUMI_BACKEND_URL: `file://${path.join(work, "backend")}`,
        PULUMI_CONFIG_PASSPHRASE: env.PULUMI_CONFIG_PASSPHRASE || "image-import-local",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        // The package is type-checked by its own build; ts-node's check would add seconds to each command.
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    };
}

/**
 * `pulumi stack init` writes the stack's config file (the passphrase's salt) beside Pulumi.yaml, and takes
 * no --config-file: move it where every later command is pointed with --config-file, out of the project.
 */
export function moveStackConfig(projectDir: string, stack: string, configFile: string): void {
    const written = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (fs.existsSync(written)) fs.renameSync(written, configFile);
}

function haveGo(): boolean {
    return spawnSync("go", ["version"], { stdio: "ignore" }).status === 0;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
        child.on("error", reject);
        child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited with ${signal ?? code}`))));
    });
}

/**
 * The CLI, building the pinned one first if needed. `say` receives the few lines worth showing a user.
 * Fails with what to install when there is neither a CLI nor Go.
 */
export async function ensurePulumiCli(say: (line: string) => void = (l) => console.error(l)): Promise<PulumiCli> {
    return ensureCliOnly(say);
}

/**
 * What `npm test` runs before the suites (`npm run pulumi-cli`): the CLI, and the tools only the tests use, the
 * YAML language host (a distribution's `pulumi` has its own beside it) and the SDK generator.
 */
export async function ensureTestTools(say: (line: string) => void = (l) => console.error(l)): Promise<PulumiCli> {
    await ensureCliOnly(say);
    await ensureTool(SDKGEN, say);
    await ensureTool(YAML_HOST, say);
    return existingCli()!;
}

/** Builds a tool into its own cache folder, unless it is there; returns the binary. */
export async function ensureTool(tool: GoTool, say: (line: string) => void = (l) => console.error(l)): Promise<string> {
    const dir = toolDir(tool);
    const binary = path.join(dir, tool.name);
    if (fs.existsSync(path.join(dir, BUILT_MARK))) return binary;
    if (!haveGo()) throw new Error(`${tool.name} is built from the Go module proxy and needs Go 1.26.6 or newer on PATH.`);
    const staging = `${dir}.partial-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    const version = pinned(tool.module, tool.versionOf);
    say(`  go build ${tool.pkg} (${tool.versionOf} ${version})`);
    const env = { ...process.env, GOFLAGS: [process.env.GOFLAGS, "-mod=readonly"].filter(Boolean).join(" ") };
    const ldflags = ["-w -s", ...(tool.stamp ? [`-X ${tool.stamp}=${version}`] : [])].join(" ");
    await run("go", ["build", "-trimpath", "-tags", BUILD_TAGS, "-ldflags", ldflags, "-o", path.join(staging, tool.name), tool.pkg], path.join(TOOLS, tool.module), env);
    fs.writeFileSync(path.join(staging, BUILT_MARK), `${version}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    return binary;
}

async function ensureCliOnly(say: (line: string) => void): Promise<PulumiCli> {
    const existing = existingCli();
    if (existing) return existing;
    const version = pinnedVersion();
    const bin = pinnedBinDir();
    const { passedOver } = cliOnPath();
    if (passedOver) say(`Not using the pulumi on PATH: ${passedOver}.`);
    if (!haveGo()) {
        throw new Error(
            `No Pulumi CLI: install Pulumi ${minimumVersion()} or a later 3.x (https://www.pulumi.com/docs/install/) so that \`pulumi\` is on PATH, ` +
                `or set ${CLI_VARIABLE} to a pulumi binary, or install Go 1.26.6 or newer (https://go.dev/doc/install) to build the pinned ${version} from the Go module proxy.`,
        );
    }
    say(`Building the Pulumi CLI ${version} and its Node.js language host from the Go module proxy into ${path.dirname(bin)}`);
    say(`(once: about 11 minutes on 2 cores, seconds with Go's caches warm; a pulumi ${minimumVersion()} or later 3.x on PATH is used instead when there is one)`);
    const staging = `${bin}.partial-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    // go.sum is committed: a build never changes it.
    const env = { ...process.env, GOFLAGS: [process.env.GOFLAGS, "-mod=readonly"].filter(Boolean).join(" ") };
    const started = Date.now();
    for (const b of BUILDS) {
        // An unstamped binary does not know its own version.
        const stamp = pinned(b.module, b.versionOf);
        const ldflags = `-w -s -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${stamp}`;
        say(`  go build ${b.pkg}@${stamp}`);
        await run("go", ["build", "-trimpath", "-tags", BUILD_TAGS, "-ldflags", ldflags, "-o", path.join(staging, b.name), b.pkg], path.join(TOOLS, b.module), env);
    }
    const plugin = path.join(staging, path.basename(PLUGIN));
    fs.copyFileSync(PLUGIN, plugin);
    fs.chmodSync(plugin, 0o755);
    fs.writeFileSync(path.join(staging, BUILT_MARK), `${version}\n`);
    fs.rmSync(bin, { recursive: true, force: true });
    fs.renameSync(staging, bin);
    say(`Built in ${Math.round((Date.now() - started) / 1000)} s: ${path.join(bin, "pulumi")}`);
    return existingCli()!;
}

if (require.main === module) {
    ensureTestTools().then(
        (cli) => console.error(`Pulumi CLI ${cli.version}: ${cli.pulumi}`),
        (e: Error) => {
            console.error(e.message);
            process.exit(1);
        },
    );
}
