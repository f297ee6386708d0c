import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { runBash } from "../support/bash";
import { makeConsumerProject, ROOT } from "../support/programs";
import { requireCli } from "../support/pulumi";

/**
 * examples/github-actions/pulumi-preview.yml, run as GitHub Actions runs it: each `run:` step in its own
 * `bash --noprofile --norc -eo pipefail`, the job's env, `$RUNNER_TEMP`, and `$GITHUB_ENV` read back after
 * every step into the next steps' environment; `if:` decides as Actions does. The steps that set up the
 * runner (`uses:`) are what this machine already has: Node and the real Pulumi CLI on PATH. The one `run:`
 * step left out is `npm ci`: the project has the package under test linked, where `npm ci` would put a
 * published one.
 */
interface Step {
    name?: string;
    uses?: string;
    run?: string;
    if?: string;
    env?: Record<string, string>;
}

const WORKFLOW = path.join(ROOT, "examples/github-actions/pulumi-preview.yml");
const RUNNER_SETUP = ["actions/checkout@v4", "actions/setup-node@v4", "pulumi/actions@v6"];

/** The expressions the workflow uses, evaluated as Actions does; anything else fails the test, to be added here. */
function condition(expr: string | undefined, state: { failed: boolean; vars: Record<string, string> }): boolean {
    const e = (expr ?? "success()").replace(/^\$\{\{\s*|\s*\}\}$/g, "").trim();
    if (e === "always()") return true;
    if (e === "success()") return !state.failed;
    if (e === "failure()") return state.failed;
    const m = /^vars\.([A-Za-z_][A-Za-z0-9_]*)\s*==\s*'([^']*)'$/.exec(e);
    // A step with a condition of its own runs only after success, unless the condition says otherwise.
    if (m) return !state.failed && (state.vars[m[1]] ?? "") === m[2];
    throw new Error(`the test does not evaluate the workflow condition "${expr}"`);
}

/** `$GITHUB_ENV` as Actions reads it: NAME=value lines and NAME<<DELIMITER blocks. */
function readGithubEnv(text: string): Record<string, string> {
    const env: Record<string, string> = {};
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
        const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
        if (heredoc) {
            const end = lines.indexOf(heredoc[2], i + 1);
            env[heredoc[1]] = lines.slice(i + 1, end).join("\n");
            i = end;
        } else if (lines[i].includes("=")) {
            env[lines[i].slice(0, lines[i].indexOf("="))] = lines[i].slice(lines[i].indexOf("=") + 1);
        }
    }
    return env;
}

const bash = (script: string, cwd: string, env: NodeJS.ProcessEnv) => runBash(script, { flags: ["--noprofile", "--norc", "-eo", "pipefail"], cwd, env, timeoutMs: 150_000 });

/** Whether a process runs: an exited one nobody reaped yet (a zombie, its parent shell gone) does not. */
function alive(pid: number): boolean {
    try {
        return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
        return false;
    }
}

test("the workflow's conditions are read as Actions reads them", () => {
    expect(condition("vars.PULUMI_APPLY_ON_PR == 'true'", { failed: false, vars: {} })).toBe(false);
    expect(condition("vars.PULUMI_APPLY_ON_PR == 'true'", { failed: false, vars: { PULUMI_APPLY_ON_PR: "true" } })).toBe(true);
    expect(condition("always()", { failed: true, vars: {} })).toBe(true);
    expect(condition(undefined, { failed: true, vars: {} })).toBe(false);
    expect(readGithubEnv("A=1\nB<<EOF\nx\ny\nEOF\nC=a=b\n")).toEqual({ A: "1", B: "x\ny", C: "a=b" });
});

test("the pull-request workflow previews, applies and destroys on the emulator, and stops it", async () => {
    const cli = requireCli();
    const doc = yaml.load(fs.readFileSync(WORKFLOW, "utf8")) as { on: object; jobs: { preview: { env: Record<string, string>; steps: Step[] } } };
    expect(Object.keys(doc.on)).toEqual(["pull_request"]);
    const job = doc.jobs.preview;
    expect(job.steps.filter((s) => s.uses).map((s) => s.uses)).toEqual(RUNNER_SETUP);
    expect(job.steps.filter((s) => s.run?.trim() === "npm ci")).toHaveLength(1);

    const project = makeConsumerProject("actions-image");
    const runnerTemp = fs.mkdtempSync(path.join(project, "runner-temp-"));
    let env: NodeJS.ProcessEnv = {
        PATH: [...cli.path, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter),
        HOME: fs.mkdtempSync(path.join(project, "home-")),
        CI: "true",
        GITHUB_ACTIONS: "true",
        RUNNER_TEMP: runnerTemp,
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        ...job.env,
    };
    env.PULUMI_HOME = path.join(env.HOME!, ".pulumi");
    const ran: Record<string, string> = {};
    const state = { failed: false, vars: { PULUMI_APPLY_ON_PR: "true" } };
    try {
        for (const [i, step] of job.steps.entries()) {
            if (!step.run || step.run.trim() === "npm ci" || !condition(step.if, state)) continue;
            const githubEnv = path.join(runnerTemp, `github-env-${i}`);
            fs.writeFileSync(githubEnv, "");
            const r = await bash(step.run, project, { ...env, ...step.env, GITHUB_ENV: githubEnv });
            ran[step.name ?? step.run] = r.output;
            if (r.code !== 0) {
                state.failed = true;
                ran[step.name ?? step.run] += `\n[exit ${r.code}]`;
            }
            env = { ...env, ...readGithubEnv(fs.readFileSync(githubEnv, "utf8")) };
        }
        if (state.failed) throw new Error(`a step failed:\n${Object.entries(ran).map(([n, o]) => `── ${n}\n${o}`).join("\n")}`);
        expect(Object.keys(ran)).toEqual(["Start the cloud emulator", "Select the stack on a local backend", "Preview", "Up and destroy on the emulator", "Stop the emulator"]);
        expect(env.IMAGE_IMPORT_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(ran.Preview).toMatch(/\+ 2 to create/);
        expect(ran["Up and destroy on the emulator"]).toMatch(/\+ 2 created/);
        expect(ran["Up and destroy on the emulator"]).toMatch(/- 2 deleted/);
        // Stopped, and its env file gone with it.
        for (let i = 0; i < 50 && alive(Number(env.EMULATOR_PID)); i++) await new Promise((r) => setTimeout(r, 100));
        expect(alive(Number(env.EMULATOR_PID))).toBe(false);
        expect(fs.existsSync(path.join(runnerTemp, "emulator.env"))).toBe(false);
    } finally {
        try {
            if (env.EMULATOR_PID) process.kill(Number(env.EMULATOR_PID), "SIGKILL");
        } catch {
            // already stopped
        }
        fs.rmSync(project, { recursive: true, force: true });
    }
}, 300_000);
