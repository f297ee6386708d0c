/**
 * `npm run demo`: the whole lifecycle of the quickstart on the embedded emulator. preview, up, a no-op
 * up, a rename (preview shows the replace, up performs it), refresh, destroy. Uses a `pulumi` CLI on
 * PATH when there is one; otherwise the same steps run through the engine harness of the tests.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../emulator";
import { Harness } from "../tests/harness";

const ROOT = path.resolve(__dirname, "../..");

interface Runner {
    preview(config: Record<string, string>): Promise<boolean>;
    up(config: Record<string, string>): Promise<boolean>;
    refresh(): Promise<boolean>;
    destroy(): Promise<boolean>;
}

function harnessRunner(stateFile: string, env: NodeJS.ProcessEnv): Runner {
    let config: Record<string, string> = {};
    const harness = () =>
        new Harness({
            projectDir: ROOT,
            stateFile,
            env,
            config: Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value }])),
            onLog: (line) => console.log(`  ${line}`),
        });
    const run = async (op: () => Promise<{ ok: boolean; error?: string }>) => {
        const r = await op();
        if (!r.ok) console.log(`  error: ${r.error}`);
        return r.ok;
    };
    return {
        preview: (c) => ((config = c), run(() => harness().preview())),
        up: (c) => ((config = c), run(() => harness().up())),
        refresh: () => run(() => harness().refresh()),
        destroy: () => run(() => harness().destroy()),
    };
}

/**
 * The real CLI, kept away from the user's own set-up: a throw-away PULUMI_HOME and file backend (no
 * `pulumi login`), and the stack's config file in the temporary directory, not in the repository.
 */
function cliRunner(cli: string, work: string, env: NodeJS.ProcessEnv): Runner {
    const configFile = path.join(work, "Pulumi.demo.yaml");
    const cliEnv = { ...env, PULUMI_HOME: path.join(work, "home"), PULUMI_SKIP_UPDATE_CHECK: "true" };
    const pulumi = (...args: string[]) => spawnSync(cli, [...args, "--non-interactive"], { cwd: ROOT, env: cliEnv, stdio: "inherit" }).status === 0;
    const withConfig = (...args: string[]) => pulumi(...args, "--stack", "demo", "--config-file", configFile);
    const setConfig = (config: Record<string, string>) => Object.entries(config).every(([k, v]) => withConfig("config", "set", k, v));
    pulumi("stack", "init", "demo");
    return {
        preview: async (c) => setConfig(c) && withConfig("preview"),
        up: async (c) => setConfig(c) && withConfig("up", "--yes", "--skip-preview"),
        refresh: async () => withConfig("refresh", "--yes", "--skip-preview"),
        destroy: async () => withConfig("destroy", "--yes", "--skip-preview") && pulumi("stack", "rm", "--yes", "demo"),
    };
}

function findOnPath(name: string): string | undefined {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
        const candidate = path.join(dir, name);
        if (dir && fs.existsSync(candidate)) return candidate;
    }
    return undefined;
}

async function main(): Promise<number> {
    const started = Date.now();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "image-import-demo-"));
    const emu = await startEmulator({ importDelayMs: 3000 });
    console.log(`Local cloud emulator on ${emu.url} (Tencent CVM/ECM, JD Cloud VM, Alibaba ENS), test credentials only.`);
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...emu.env,
        PULUMI_BACKEND_URL: `file://${work}`,
        PULUMI_CONFIG_PASSPHRASE: "demo",
        // The package is type-checked by its own build; skipping it here keeps each step quick.
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    };
    const cli = findOnPath("pulumi");
    const runner = cli ? cliRunner(cli, work, env) : harnessRunner(path.join(work, "state.json"), env);
    console.log(cli ? `Using the pulumi CLI at ${cli} with a local file backend in ${work}.` : "No `pulumi` CLI on PATH: running the same steps through the engine harness (tests/harness).");

    const renamed = { imageName: "quickstart-centos-7-v2" };
    const steps: [string, () => Promise<boolean>][] = [
        ["pulumi preview: the plan, nothing created", () => runner.preview({})],
        ["pulumi up: import the image and wait until it is ready", () => runner.up({})],
        ["pulumi up again: no changes", () => runner.up({})],
        ["rename the image: preview shows a replace", () => runner.preview(renamed)],
        ["pulumi up: perform the replace", () => runner.up(renamed)],
        ["pulumi refresh: read the image back from the cloud", () => runner.refresh()],
        ["pulumi destroy: delete the image and wait until it is gone", () => runner.destroy()],
    ];
    let ok = true;
    try {
        for (const [i, [title, step]] of steps.entries()) {
            console.log(`\n── ${i + 1}/${steps.length} ${title}`);
            if (!(await step())) {
                ok = false;
                break;
            }
        }
        const left = Object.values(((emu.store.snapshot()["tencent-cvm"] as { images?: object }) ?? {}).images ?? {}).length;
        console.log(`\n${ok ? "Done" : "Stopped on a failed step"} in ${((Date.now() - started) / 1000).toFixed(1)} s; images left in the emulator: ${left}.`);
        return ok && left === 0 ? 0 : 1;
    } finally {
        await emu.close();
        fs.rmSync(work, { recursive: true, force: true });
    }
}

main().then(
    (code) => process.exit(code),
    (e) => {
        console.error(e);
        process.exit(1);
    },
);
