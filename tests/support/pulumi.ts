/**
 * The real `pulumi` CLI, run the way a user runs it, on a stack kept away from the user's own set-up: a file
 * backend and PULUMI_HOME in a temporary folder, the stack's config file there too (never in the repository),
 * a passphrase for its secrets, no update check and no plugin downloads. Commands run asynchronously, so an
 * emulator in this process keeps answering while the CLI waits on it.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cliOnPath, existingCli, isolatedEnv, minimumVersion, moveStackConfig, CLI_VARIABLE, type PulumiCli } from "../../scripts/pulumi-cli";

export type ConfigValue = string | { value: string; secret?: boolean };
export type ConfigValues = Record<string, ConfigValue>;

/** One engine event of `--event-log`, the JSON stream the Automation API reads. */
export interface EngineEvent {
    resourcePreEvent?: { metadata: StepMetadata };
    resOutputsEvent?: { metadata: StepMetadata };
    resOpFailedEvent?: { metadata: StepMetadata };
    diagnosticEvent?: { message: string; severity: string; urn?: string };
    summaryEvent?: { result: string; resourceChanges: Record<string, number> };
}

export interface StepMetadata {
    op: string;
    urn: string;
    type: string;
    keys?: string[];
    diffs?: string[];
    old?: { id?: string; outputs?: Record<string, unknown> };
    new?: { id?: string; outputs?: Record<string, unknown> };
}

export interface CliResult {
    code: number;
    ok: boolean;
    /** What the user sees: stdout and stderr, interleaved. */
    output: string;
    events: EngineEvent[];
}

/** A step of `pulumi preview --json`. */
export interface PreviewStep {
    op: string;
    urn: string;
    replaceReasons?: string[];
    diffReasons?: string[];
    newState?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
}

export interface StateResource {
    urn: string;
    type: string;
    id?: string;
    inputs?: Record<string, any>;
    outputs?: Record<string, any>;
    initErrors?: string[];
}

/**
 * The CLI the tests use: the one PULUMI_IMAGE_IMPORT_CLI names, the pinned build, or a `pulumi` on PATH of a
 * version the tests take (scripts/pulumi-cli.ts). Never skipped.
 */
export function requireCli(): PulumiCli {
    const cli = existingCli();
    if (!cli) {
        const { passedOver } = cliOnPath();
        throw new Error(
            `The program tests run on the real Pulumi CLI and there is none: put Pulumi ${minimumVersion()} or a later 3.x on PATH, run \`npm run pulumi-cli\` (it builds the pinned one with Go) or set ${CLI_VARIABLE}.` +
                (passedOver ? ` Not used: ${passedOver}.` : ""),
        );
    }
    return cli;
}

export const nameOfUrn = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);
const isStackOrProvider = (type: string) => type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");

let stacks = 0;

export class PulumiStack {
    readonly work = fs.mkdtempSync(path.join(os.tmpdir(), "image-import-stack-"));
    readonly configFile = path.join(this.work, "Pulumi.stack.yaml");
    private readonly env: NodeJS.ProcessEnv;
    private applied: string[] = [];
    private runs = 0;
    /** Everything the CLI printed and every engine message, for checks that nothing secret was shown. */
    readonly transcript: string[] = [];

    private constructor(
        readonly projectDir: string,
        env: NodeJS.ProcessEnv,
        private readonly base: ConfigValues,
        readonly stack: string,
        readonly cli: PulumiCli,
        backend?: string,
    ) {
        this.env = {
            ...isolatedEnv(cli, this.work, { ...process.env, ...env }),
            // Stacks that read each other (StackReference) share a backend.
            ...(backend ? { PULUMI_BACKEND_URL: `file://${backend}` } : {}),
            // --event-log, the engine's JSON event stream, is among the debug commands.
            PULUMI_DEBUG_COMMANDS: "true",
            CI: "true",
        };
    }

    /** A new stack of the project in `projectDir`, with `config` as its stack config. */
    static async create(o: { projectDir: string; env?: NodeJS.ProcessEnv; config?: ConfigValues; stack?: string; backend?: string }): Promise<PulumiStack> {
        // A name of its own, so that the config file stack init leaves in the project for a moment is ours alone.
        const s = new PulumiStack(o.projectDir, o.env ?? {}, o.config ?? {}, o.stack ?? `test-${process.pid}-${++stacks}`, requireCli(), o.backend);
        const init = await s.run(["stack", "init", s.stack]);
        moveStackConfig(s.projectDir, s.stack, s.configFile);
        if (!init.ok) throw new Error(`pulumi stack init failed:\n${init.output}`);
        await s.configure();
        return s;
    }

    /** Runs `pulumi ARGS` in the project folder; engine commands also record their event stream. */
    async run(args: string[], o: { events?: boolean } = {}): Promise<CliResult> {
        const eventLog = path.join(this.work, `events-${++this.runs}.jsonl`);
        const full = [...args, "--non-interactive", ...(args[0] === "stack" && args[1] === "init" ? [] : ["--stack", this.stack])];
        if (o.events) full.push("--event-log", eventLog);
        if (!["stack", "login", "version"].includes(args[0])) full.push("--config-file", this.configFile);
        const { code, output } = await new Promise<{ code: number; output: string }>((resolve, reject) => {
            const child = spawn(this.cli.pulumi, full, { cwd: this.projectDir, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
            let out = "";
            child.stdout.on("data", (d) => (out += d));
            child.stderr.on("data", (d) => (out += d));
            child.on("error", reject);
            child.on("close", (c) => resolve({ code: c ?? -1, output: out }));
        });
        const events = o.events && fs.existsSync(eventLog) ? readEvents(eventLog) : [];
        const result = { code, ok: code === 0, output, events };
        this.transcript.push(output, messagesOf(result));
        return result;
    }

    /** Sets the stack config to the base config plus `overrides`, removing the overrides of earlier calls. */
    async configure(overrides: ConfigValues = {}): Promise<void> {
        const stale = this.applied.filter((k) => !(k in overrides) && !(k in this.base));
        if (stale.length) await this.expectOk(["config", "rm-all", ...stale]);
        const values = { ...this.base, ...overrides };
        const args = ["config", "set-all"];
        for (const [k, v] of Object.entries(values)) {
            const { value, secret } = typeof v === "string" ? { value: v, secret: false } : v;
            args.push(secret ? "--secret" : "--plaintext", `${k}=${value}`);
        }
        if (args.length > 2) await this.expectOk(args);
        this.applied = Object.keys(values);
    }

    async preview(overrides: ConfigValues = {}): Promise<{ ok: boolean; output: string; steps: PreviewStep[] }> {
        await this.configure(overrides);
        const r = await this.run(["preview", "--json"]);
        const json = r.output.slice(r.output.indexOf("{"));
        let steps: PreviewStep[] = [];
        try {
            steps = JSON.parse(json).steps ?? [];
        } catch {
            // A failed preview prints diagnostics; the caller reads `output`.
        }
        return { ok: r.ok, output: r.output, steps };
    }

    /** `pulumi preview --diff`, as a reviewer of a pull request reads it. */
    async previewDiff(overrides: ConfigValues = {}): Promise<CliResult> {
        await this.configure(overrides);
        return this.run(["preview", "--diff"]);
    }

    async up(overrides: ConfigValues = {}, extra: string[] = []): Promise<CliResult> {
        await this.configure(overrides);
        return this.run(["up", "--yes", "--skip-preview", ...extra], { events: true });
    }

    async refresh(): Promise<CliResult> {
        return this.run(["refresh", "--yes", "--skip-preview"], { events: true });
    }

    async destroy(): Promise<CliResult> {
        return this.run(["destroy", "--yes", "--skip-preview"], { events: true });
    }

    /** `pulumi stack export`: the raw checkpoint text (secrets encrypted) and its resources. */
    async exportState(): Promise<{ text: string; resources: StateResource[] }> {
        const r = await this.expectOk(["stack", "export"]);
        const text = r.output.slice(r.output.indexOf("{"));
        return { text, resources: JSON.parse(text).deployment?.resources ?? [] };
    }

    /** The resource of this name in the stack's state (not the stack itself or a provider). */
    async resource(name: string): Promise<StateResource | undefined> {
        return (await this.exportState()).resources.find((r) => !isStackOrProvider(r.type) && nameOfUrn(r.urn) === name);
    }

    async outputs(): Promise<Record<string, any>> {
        const r = await this.expectOk(["stack", "output", "--json", "--show-secrets"]);
        return JSON.parse(r.output.slice(r.output.indexOf("{")));
    }

    async expectOk(args: string[]): Promise<CliResult> {
        const r = await this.run(args);
        if (!r.ok) throw new Error(`pulumi ${args.join(" ")} failed (${r.code}):\n${r.output}`);
        return r;
    }

    async close(): Promise<void> {
        fs.rmSync(this.work, { recursive: true, force: true });
    }
}

function readEvents(file: string): EngineEvent[] {
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as EngineEvent);
}

/** Fails with what the CLI printed, so a failed step explains itself in the test report. */
export function expectOk<T extends { ok: boolean; output: string }>(r: T): T {
    if (!r.ok) throw new Error(`pulumi failed:\n${r.output}`);
    return r;
}

/**
 * What each resource of the program went through, one word per resource (the stack and providers left out):
 * a replace's three steps (create-replacement, replace, delete-replaced, in either order) read "replace".
 */
export function opsOf(r: CliResult | { steps: PreviewStep[] }): Record<string, string> {
    const ops: Record<string, string[]> = {};
    const add = (urn: string, type: string, op: string) => {
        if (!isStackOrProvider(type)) (ops[nameOfUrn(urn)] ??= []).push(op);
    };
    if ("steps" in r) for (const s of r.steps) add(s.urn, s.urn.split("::")[2], s.op);
    else for (const e of r.events) if (e.resourcePreEvent) add(e.resourcePreEvent.metadata.urn, e.resourcePreEvent.metadata.type, e.resourcePreEvent.metadata.op);
    return Object.fromEntries(Object.entries(ops).map(([name, list]) => [name, list.some((op) => op.includes("replace")) ? "replace" : list[0]]));
}

/** The engine steps of one resource, in the order they ran. */
export function stepsOf(r: CliResult, name: string): string[] {
    return r.events.flatMap((e) => (e.resourcePreEvent && nameOfUrn(e.resourcePreEvent.metadata.urn) === name ? [e.resourcePreEvent.metadata.op] : []));
}

/** Every message the engine showed (info, warnings, errors), as the user's terminal got them. */
export function messagesOf(r: CliResult): string {
    return r.events.flatMap((e) => (e.diagnosticEvent ? [e.diagnosticEvent.message] : [])).join("");
}
