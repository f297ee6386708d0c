import * as fs from "fs";
import * as path from "path";
import { makeConsumerProject, ROOT } from "../support/programs";
import { runBash } from "../support/bash";
import { requireCli } from "../support/pulumi";

/**
 * The README's recipe for pull-request CI, run as written (bash, stop on the first failure) by the real CLI
 * in a user's project. The only things given to it are what a CI runner has: PATH with `pulumi` and node, and
 * a home folder (a Pulumi home in it). It must stop the emulator it started: until it does, the emulator holds the script's output
 * open and the run does not end.
 */
function readmeRecipe(): string {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const marker = readme.indexOf("tests/programs/readme-ci.test.ts");
    const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(marker));
    if (marker < 0 || !block) throw new Error("README.md has no block marked as run by tests/programs/readme-ci.test.ts");
    return block[1];
}

test("the README's pull-request CI recipe previews, applies and destroys on the emulator, and stops it", async () => {
    const cli = requireCli();
    const project = makeConsumerProject("readme-ci-image");
    const home = fs.mkdtempSync(path.join(project, "home-"));
    const env = {
        PATH: [...cli.path, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter),
        HOME: home,
        // The runner's own Pulumi home; ours (the CLI reads the account's home, not $HOME) stays untouched.
        PULUMI_HOME: path.join(home, ".pulumi"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        CI: "true",
    };
    try {
        const { code, output } = await runBash(readmeRecipe(), { flags: ["-euo", "pipefail"], cwd: project, env, timeoutMs: 200_000 });
        if (code !== 0) throw new Error(`the recipe failed (${code}):\n${output}`);
        expect(output).toMatch(/\+ 2 to create/);
        expect(output).toMatch(/\+ 2 created/);
        expect(output).toMatch(/- 2 deleted/);
        // The stack lives in the job's folder, where the recipe logged in.
        expect(fs.existsSync(path.join(project, ".pulumi-ci", ".pulumi", "stacks", "consumer-stack", "ci.json"))).toBe(true);
    } finally {
        fs.rmSync(project, { recursive: true, force: true });
    }
}, 240_000);
