import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { pinnedVersion } from "../../scripts/pulumi-cli";
import { runBash } from "../support/bash";
import { makeConsumerProject, ROOT } from "../support/programs";
import { requireCli } from "../support/pulumi";

/**
 * examples/github-actions/pulumi-preview.yml, run as GitHub Actions runs it: each `run:` step in its own
 * `bash --noprofile --norc -eo pipefail`, the job's env and the step's (its `${{ }}` expressions filled from
 * the event's context), `$RUNNER_TEMP`, and `$GITHUB_ENV` read back after every step into the next steps'
 * environment; `if:` decides as Actions does. The steps that set up the runner (`uses:`) are what this
 * machine already has: Node and the real Pulumi CLI on PATH. Two `run:` steps are not run: `npm ci` (the
 * project has the package under test linked, where `npm ci` would put a published one), and the comment on
 * the pull request, which needs GitHub's API: its condition is evaluated (true for a pull request from the
 * same repository, false for a fork's) and the comment's text, which the Preview step writes, is checked.
 */
interface Step {
    name?: string;
    uses?: string;
    with?: Record<string, unknown>;
    run?: string;
    if?: string;
    env?: Record<string, string>;
}

interface Workflow {
    on: object;
    permissions: Record<string, string>;
    concurrency: { group: string; "cancel-in-progress": boolean };
    jobs: { preview: { "timeout-minutes": number; env: Record<string, string>; steps: Step[] } };
}

const WORKFLOW = path.join(ROOT, "examples/github-actions/pulumi-preview.yml");
const RUNNER_SETUP = ["actions/checkout@v4", "actions/setup-node@v4", "pulumi/actions@v6"];
const COMMENT_STEP = "Comment the preview on the pull request";
const workflow = () => yaml.load(fs.readFileSync(WORKFLOW, "utf8")) as Workflow;

/** What a step's expressions can read: `vars` and the `github` context of the event; and whether a step failed. */
interface Context {
    failed: boolean;
    vars: Record<string, string>;
    github: Record<string, unknown>;
}

/** The `github` context of a pull request from the repository `head` (owner/name) into `repository`. */
function pullRequest(repository: string, head: string): Record<string, unknown> {
    return {
        repository,
        token: "",
        event_name: "pull_request",
        event: { pull_request: { number: 7, head: { sha: "0123456789abcdef0123456789abcdef01234567", repo: { full_name: head } }, base: { repo: { full_name: repository } } } },
    };
}

const SAME_REPO = pullRequest("acme/images", "acme/images");
const FORK = pullRequest("acme/images", "someone/images");

/** An operand: a 'string' literal or a property path into the context (a missing property reads as ""). */
function operand(text: string, ctx: Context): string {
    const t = text.trim();
    const literal = /^'((?:[^']|'')*)'$/.exec(t);
    if (literal) return literal[1].replace(/''/g, "'");
    if (!/^(vars|github)(\.[A-Za-z_][A-Za-z0-9_-]*)+$/.test(t)) throw new Error(`the test does not evaluate the workflow expression "${t}"`);
    let v: unknown = ctx;
    for (const key of t.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
    return v === undefined || v === null ? "" : String(v);
}

/** `${{ path }}` in a step's env, filled as Actions fills it. */
function interpolate(value: string, ctx: Context): string {
    return String(value).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, e: string) => operand(e, ctx));
}

/** The expressions the workflow uses, evaluated as Actions does; anything else fails the test, to be added here. */
function condition(expr: string | undefined, ctx: Context): boolean {
    const e = (expr ?? "success()").replace(/^\$\{\{\s*|\s*\}\}$/g, "").trim();
    if (e === "always()") return true;
    if (e === "success()") return !ctx.failed;
    if (e === "failure()") return ctx.failed;
    const m = /^([^=!]+?)\s*(==|!=)\s*([^=!]+)$/.exec(e);
    if (!m) throw new Error(`the test does not evaluate the workflow condition "${expr}"`);
    // Actions compares strings ignoring case.
    const equal = operand(m[1], ctx).toLowerCase() === operand(m[3], ctx).toLowerCase();
    // A step with a condition of its own runs only after success, unless the condition says otherwise.
    return !ctx.failed && (m[2] === "==" ? equal : !equal);
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

async function expectStopped(pid: number): Promise<void> {
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
}

/**
 * The job's `run:` steps in `project`, as Actions runs them for the event in `github` with the repository
 * variables `vars`: what each step printed, the steps that would run but cannot here, the environment at the end.
 */
async function runJob(project: string, github: Record<string, unknown>, vars: Record<string, string>) {
    const cli = requireCli();
    const job = workflow().jobs.preview;
    const runnerTemp = fs.mkdtempSync(path.join(project, "runner-temp-"));
    const ctx: Context = { failed: false, vars, github };
    let env: NodeJS.ProcessEnv = {
        PATH: [...cli.path, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter),
        HOME: fs.mkdtempSync(path.join(project, "home-")),
        CI: "true",
        GITHUB_ACTIONS: "true",
        GITHUB_REPOSITORY: String(github.repository),
        GITHUB_EVENT_NAME: "pull_request",
        RUNNER_TEMP: runnerTemp,
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        ...job.env,
    };
    env.PULUMI_HOME = path.join(env.HOME!, ".pulumi");
    const ran: Record<string, string> = {};
    const wouldRun: string[] = [];
    try {
        for (const [i, step] of job.steps.entries()) {
            if (!step.run || step.run.trim() === "npm ci" || !condition(step.if, ctx)) continue;
            if (step.name === COMMENT_STEP) {
                wouldRun.push(step.name);
                continue;
            }
            const githubEnv = path.join(runnerTemp, `github-env-${i}`);
            fs.writeFileSync(githubEnv, "");
            const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(v, ctx)]));
            const r = await bash(step.run, project, { ...env, ...stepEnv, GITHUB_ENV: githubEnv });
            ran[step.name ?? step.run] = r.output;
            if (r.code !== 0) {
                ctx.failed = true;
                ran[step.name ?? step.run] += `\n[exit ${r.code}]`;
            }
            env = { ...env, ...readGithubEnv(fs.readFileSync(githubEnv, "utf8")) };
        }
    } catch (e) {
        if (env.EMULATOR_PID) process.kill(Number(env.EMULATOR_PID), "SIGKILL");
        throw e;
    }
    const report = () =>
        Object.entries(ran)
            .map(([n, o]) => `── ${n}\n${o}`)
            .join("\n");
    return { ran, wouldRun, env, runnerTemp, failed: ctx.failed, report };
}

test("the workflow's conditions are read as Actions reads them", () => {
    const ctx = (o: Partial<Context> = {}): Context => ({ failed: false, vars: {}, github: SAME_REPO, ...o });
    expect(condition("vars.PULUMI_APPLY_ON_PR == 'true'", ctx())).toBe(false);
    expect(condition("vars.PULUMI_APPLY_ON_PR == 'true'", ctx({ vars: { PULUMI_APPLY_ON_PR: "true" } }))).toBe(true);
    expect(condition("${{ vars.PULUMI_APPLY_ON_PR == 'TRUE' }}", ctx({ vars: { PULUMI_APPLY_ON_PR: "true" } }))).toBe(true);
    expect(condition("always()", ctx({ failed: true }))).toBe(true);
    expect(condition("failure()", ctx({ failed: true }))).toBe(true);
    expect(condition("failure()", ctx())).toBe(false);
    expect(condition(undefined, ctx({ failed: true }))).toBe(false);
    const sameRepository = "github.event.pull_request.head.repo.full_name == github.repository";
    expect(condition(sameRepository, ctx())).toBe(true);
    expect(condition(sameRepository, ctx({ github: FORK }))).toBe(false);
    expect(condition(sameRepository, ctx({ failed: true }))).toBe(false);
    expect(interpolate("${{ github.event.pull_request.number }}-${{ github.nothing }}", ctx())).toBe("7-");
    expect(() => condition("contains(github.event.pull_request.labels, 'x')", ctx())).toThrow(/does not evaluate/);
    expect(readGithubEnv("A=1\nB<<EOF\nx\ny\nEOF\nC=a=b\n")).toEqual({ A: "1", B: "x\ny", C: "a=b" });
});

test("the workflow pins the CLI the tests run, bounds its time, runs once per pull request, and comments only where it can", () => {
    const doc = workflow();
    expect(Object.keys(doc.on)).toEqual(["pull_request"]);
    const job = doc.jobs.preview;
    expect(job.steps.filter((s) => s.uses).map((s) => s.uses)).toEqual(RUNNER_SETUP);
    expect(job.steps.filter((s) => s.run?.trim() === "npm ci")).toHaveLength(1);
    expect(job.steps.find((s) => s.uses === "pulumi/actions@v6")?.with).toEqual({ "pulumi-version": pinnedVersion().replace(/^v/, "") });
    expect(job["timeout-minutes"]).toBeGreaterThan(0);
    expect(job["timeout-minutes"]).toBeLessThanOrEqual(30);
    expect(doc.concurrency).toEqual({ group: expect.stringContaining("${{ github.event.pull_request.number }}"), "cancel-in-progress": true });
    expect(doc.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    const comment = job.steps.find((s) => s.name === COMMENT_STEP)!;
    expect(comment.run).toMatch(/gh pr comment/);
    expect(comment.env).toMatchObject({ GH_TOKEN: "${{ github.token }}" });
    // Posted for a branch of the repository, never tried for a fork's (its token is read-only).
    expect(condition(comment.if, { failed: false, vars: {}, github: SAME_REPO })).toBe(true);
    expect(condition(comment.if, { failed: false, vars: {}, github: FORK })).toBe(false);
    // The emulator's log when any step after its start fails, before it is stopped.
    const names = job.steps.map((s) => s.name);
    expect(job.steps[names.indexOf("Show the emulator's log")].if).toBe("failure()");
    expect(names.slice(-2)).toEqual(["Show the emulator's log", "Stop the emulator"]);
    expect(job.steps[job.steps.length - 1].if).toBe("always()");
});

test("a pull request from the repository: previews, would comment, applies and destroys on the emulator, and stops it", async () => {
    const project = makeConsumerProject("actions-image");
    try {
        const { ran, wouldRun, env, runnerTemp, failed, report } = await runJob(project, SAME_REPO, { PULUMI_APPLY_ON_PR: "true" });
        if (failed) throw new Error(`a step failed:\n${report()}`);
        expect(Object.keys(ran)).toEqual(["Start the cloud emulator", "Select the stack on a local backend", "Preview", "Up and destroy on the emulator", "Stop the emulator"]);
        expect(wouldRun).toEqual([COMMENT_STEP]);
        expect(env.IMAGE_IMPORT_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(ran.Preview).toMatch(/\+ 2 to create/);
        // The comment's text: its marker, the pull request's head commit, the preview as printed, no colour codes.
        const comment = fs.readFileSync(path.join(runnerTemp, "preview.md"), "utf8");
        expect(comment.split("\n").slice(0, 4)).toEqual(["<!-- pulumi-image-import-preview -->", "**`pulumi preview`** on the cloud emulator, for 0123456:", "", "```diff"]);
        expect(comment).toMatch(/\+ 2 to create\n[\s\S]*```\n$/);
        expect(comment).not.toMatch(/\u001b\[/);
        expect(ran["Up and destroy on the emulator"]).toMatch(/\+ 2 created/);
        expect(ran["Up and destroy on the emulator"]).toMatch(/- 2 deleted/);
        // Stopped, and its env file gone with it.
        await expectStopped(Number(env.EMULATOR_PID));
        expect(fs.existsSync(path.join(runnerTemp, "emulator.env"))).toBe(false);
    } finally {
        fs.rmSync(project, { recursive: true, force: true });
    }
}, 300_000);

test("a fork's pull request whose preview fails: no comment, no apply, the emulator's log and last calls shown, and it is stopped", async () => {
    const project = makeConsumerProject("actions-image");
    // An OS the region's DescribeImportImageOs table lacks: the provider's check asks the emulator and fails the preview.
    const program = path.join(project, "index.js");
    fs.writeFileSync(program, fs.readFileSync(program, "utf8").replace('osType: "CentOS"', 'osType: "Plan9"'));
    try {
        const { ran, wouldRun, env, failed, report } = await runJob(project, FORK, { PULUMI_APPLY_ON_PR: "true" });
        expect([failed, Object.keys(ran), report()]).toEqual([
            true,
            ["Start the cloud emulator", "Select the stack on a local backend", "Preview", "Show the emulator's log", "Stop the emulator"],
            expect.any(String),
        ]);
        expect(wouldRun).toEqual([]);
        expect(ran.Preview).toMatch(/Plan9[\s\S]*\[exit 1\]$/);
        const log = ran["Show the emulator's log"];
        expect(log).toMatch(/── what the emulator printed\n[\s\S]*pulumi-image-import emulator listening on http:\/\/127\.0\.0\.1:\d+/);
        expect(log).toMatch(/── its last calls\n\S+ tencent-cvm DescribeImportImageOs 200/);
        await expectStopped(Number(env.EMULATOR_PID));
    } finally {
        fs.rmSync(project, { recursive: true, force: true });
    }
}, 300_000);
