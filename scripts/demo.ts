/**
 * `npm run demo`: the whole lifecycle of the quickstart on the embedded emulator, through the real Pulumi
 * CLI (see scripts/pulumi-cli.ts: the one PULUMI_IMAGE_IMPORT_CLI names, the pinned build, a recent enough
 * `pulumi` on PATH, or the pinned build made now): preview, up, a no-op up, a rename (preview shows the
 * replace, up performs it), refresh, destroy. The CLI's own output is shown.
 *
 * Warm, it takes about 20 s on 2 idle cores. Where the time goes: each CLI command that runs the program
 * costs about 1.5 s of CPU (the language host, ts-node, @pulumi/pulumi and the provider host), and the
 * emulator's imports and deletes are waited for. So the imports take the emulator's default 1.5 s (CVM and
 * then ECM, which copies it, are waited for one after the other), a JD delete shows `deleting` for 0.5 s,
 * and the no-op `up` runs the program once, checking for changes as it applies, not in a preview before.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../emulator";
import { ensurePulumiCli, isolatedEnv, moveStackConfig } from "./pulumi-cli";

const ROOT = path.resolve(__dirname, "../..");
// A config file of that name in the project would be taken for the stack's: never touch one that is there.
const STACK = fs.existsSync(path.join(ROOT, "Pulumi.demo.yaml")) ? `demo-${process.pid}` : "demo";

async function main(): Promise<number> {
    let cli;
    try {
        cli = await ensurePulumiCli((line) => console.log(line));
    } catch (e) {
        console.error((e as Error).message);
        return 1;
    }
    const started = Date.now();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "image-import-demo-"));
    const emu = await startEmulator({ importDelayMs: 1500, jdcloudDeletingMs: 500 });
    console.log(`Local cloud emulator on ${emu.url} (Tencent CVM/ECM, JD Cloud VM, Alibaba ENS), test credentials only.`);
    console.log(`Pulumi CLI ${cli.version} (${cli.origin}), with a throw-away home and file backend in ${work}.`);
    const env = isolatedEnv(cli, work, { ...process.env, ...emu.env });
    // The stack's config file lives in the temporary folder, never in the repository.
    const configFile = path.join(work, `Pulumi.${STACK}.yaml`);
    // Asynchronous, so that the emulator in this process keeps answering while the CLI runs.
    const pulumi = (...args: string[]) =>
        new Promise<boolean>((resolve) => {
            const child = spawn(cli.pulumi, [...args, "--non-interactive", "--stack", STACK], { cwd: ROOT, env, stdio: "inherit" });
            child.on("error", () => resolve(false));
            child.on("close", (code) => resolve(code === 0));
        });
    const withConfig = (...args: string[]) => pulumi(...args, "--config-file", configFile);

    const steps: [string, () => Promise<boolean>][] = [
        [
            "pulumi stack init: a local stack",
            async () => {
                const ok = await pulumi("stack", "init");
                moveStackConfig(ROOT, STACK, configFile);
                return ok;
            },
        ],
        ["pulumi preview: the plan, nothing created", () => withConfig("preview")],
        ["pulumi up: import the image into CVM and then ECM, into JD Cloud VM and into ENS, and wait until all are ready", () => withConfig("up", "--yes", "--skip-preview")],
        ["pulumi up again: no changes", () => withConfig("up", "--yes", "--skip-preview", "--expect-no-changes")],
        // --config sets the stack's config as `pulumi config set` would, for this preview and the next up.
        ["rename the CVM image: preview shows it replaced, and its ECM copy with it", () => withConfig("preview", "--diff", "--config", "imageName=quickstart-centos-7-v2")],
        ["pulumi up: perform the replace", () => withConfig("up", "--yes", "--skip-preview")],
        ["pulumi refresh: read the image back from the cloud", () => withConfig("refresh", "--yes", "--skip-preview")],
        // --remove: the stack goes with its images, so the CLI does not advise `pulumi stack rm` afterwards.
        ["pulumi destroy --remove: delete the images, wait until they are gone, and remove the stack", () => withConfig("destroy", "--yes", "--skip-preview", "--remove")],
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
        const state = emu.store.snapshot();
        const left = Object.values(state).reduce((n: number, bucket) => n + Object.keys((bucket as { images?: object } | undefined)?.images ?? {}).length, 0);
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
