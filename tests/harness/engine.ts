/**
 * The harness: the CLI/engine side of `pulumi preview | up | refresh | destroy` for programs made of dynamic
 * resources, without the Pulumi CLI. A model for contract tests, not the engine: see the notes in index.ts.
 *
 * Every operation is bounded (`operationTimeoutMs`, default 55 s, under jest's 60 s testTimeout): the program is
 * killed at `programTimeoutMs` or at the operation's deadline, whichever comes first, and past the deadline the
 * provider host is shut down (its pending calls fail), so the operation fails with its own message and no program or
 * provider host process outlives it. Whatever was achieved until then is saved, as after any failure.
 */
import { Deployment, applyDelete } from "./deployment";
import { startMonitor } from "./monitor";
import { Mode, Plan, Step } from "./plan";
import { runProgram } from "./program";
import { DYNAMIC_PROVIDER_TYPE, Project, StackConfig, nameOfUrn, normalizeConfig, providerConfigArgs, providerProcessEnv, readProject } from "./project";
import { ProviderHost } from "./provider-host";
import { PropertyMap, annotateSecrets, changedKeys, markSecretKeys, stripSecrets } from "./secrets";
import { ResourceState, StateFile, loadState, readStoredState, revealState, saveState } from "./state";

export interface HarnessOptions {
  /** Directory with Pulumi.yaml (`name`, optional `main`: a .ts/.js file or a directory). */
  projectDir: string;
  /** Default "dev". */
  stack?: string;
  /** JSON state file (created if missing). */
  stateFile: string;
  /** Stack config. Keys like "tencentcloud:secretKey"; un-namespaced keys get the "<project>:" prefix. */
  config?: Record<string, { value: string; secret?: boolean }>;
  /** Extra environment for the program and the provider host, merged over process.env. */
  env?: NodeJS.ProcessEnv;
  /** Plan lines, progress, program and provider output. Default: console.log. */
  onLog?: (line: string) => void;
  /**
   * Kill the program after this long (default 50 s, under jest's 60 s testTimeout; a failing program can take ~35 s
   * to exit, see program.ts). The operation's deadline also applies.
   */
  programTimeoutMs?: number;
  /**
   * Overall deadline of one operation (preview, up, refresh, destroy), default 55 s: past it the program is killed,
   * the provider host shut down and the operation fails with "timed out".
   */
  operationTimeoutMs?: number;
}

/** Once the deadline has passed and the provider host is gone, how long the interrupted work may take to wind down. */
const WIND_DOWN_MS = 5_000;

class DeadlineExceeded extends Error {}

/**
 * Run `work` against `deadline` (epoch ms). Past it, `abort` (shut the provider host down, so pending provider calls
 * fail and no new ones start), give the work a moment to wind down, and throw DeadlineExceeded.
 */
async function withDeadline<T>(deadline: number, what: string, totalMs: number, abort: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  const running = work();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"expired">((resolve) => {
    timer = setTimeout(() => resolve("expired"), Math.max(0, deadline - Date.now()));
  });
  try {
    const first = await Promise.race([running.then((value) => ({ value })), expired]);
    if (first !== "expired") return first.value;
  } finally {
    clearTimeout(timer);
  }
  await abort();
  await Promise.race([running.catch(() => undefined), new Promise((r) => setTimeout(r, WIND_DOWN_MS))]);
  throw new DeadlineExceeded(`operation timed out after ${totalMs} ms while ${what}; the provider host was shut down`);
}

export interface OperationResult {
  ok: boolean;
  steps: Step[];
  /** Stack outputs, secrets unwrapped to plain values; in preview, unknown values are the UNKNOWN sentinel. */
  outputs: Record<string, unknown>;
  error?: string;
  planText: string;
}

export class Harness {
  readonly project: Project;
  readonly stack: string;
  private readonly config: StackConfig;
  private readonly env: NodeJS.ProcessEnv;
  private readonly onLog: (line: string) => void;
  private readonly programTimeoutMs: number;
  private readonly operationTimeoutMs: number;

  constructor(private readonly o: HarnessOptions) {
    this.project = readProject(o.projectDir);
    this.stack = o.stack ?? "dev";
    this.config = normalizeConfig(this.project.name, o.config);
    this.env = { ...process.env, ...o.env };
    this.onLog = o.onLog ?? ((line) => console.log(line));
    this.programTimeoutMs = o.programTimeoutMs ?? 50_000;
    this.operationTimeoutMs = o.operationTimeoutMs ?? 55_000;
  }

  preview(): Promise<OperationResult> {
    return this.deploy(true);
  }

  up(): Promise<OperationResult> {
    return this.deploy(false);
  }

  /** The state file as stored (secrets sealed), or with `reveal` every secret opened into its plain value. */
  readState(opts: { reveal?: boolean } = {}): StateFile {
    const stored = readStoredState(this.o.stateFile, this.project.name, this.stack);
    return opts.reveal ? revealState(stored) : stored;
  }

  /**
   * Retire the deletes an earlier run left pending, run the program against the monitor, then apply (up) or only
   * plan (preview) its steps and the deletes that follow.
   */
  private async deploy(dryRun: boolean): Promise<OperationResult> {
    const deadline = Date.now() + this.operationTimeoutMs;
    const plan = this.startPlan(dryRun ? "preview" : "up");
    const old = this.load();
    const hosts = this.lazyHost();
    const deployment = new Deployment({
      project: this.project.name,
      stack: this.stack,
      dryRun,
      old,
      host: hosts.get,
      plan,
      providerConfig: providerConfigArgs(this.config),
    });
    const bounded = <T>(what: string, work: () => Promise<T>): Promise<T> =>
      withDeadline(deadline, what, this.operationTimeoutMs, hosts.close, work);
    const monitor = await startMonitor({ project: this.project.name, stack: this.stack, deployment, onLog: this.onLog });
    hosts.engineAddress = monitor.address;
    // The engine loads the providers the old state refers to when the deployment starts, and the default provider on
    // first use. Starting ours now, while the program boots, takes its ~0.5 s start-up off the critical path; a
    // start-up error surfaces at first use.
    hosts.get().catch(() => undefined);
    let programOk = false;
    try {
      // Deletes left pending by an earlier run go first, whatever happens next (retirePendingDeletes); if one
      // fails, the engine stops before running the program.
      await bounded("completing deletions from a previous update", () => deployment.retirePendingDeletes());
      if (!deployment.failed) {
        const timeoutMs = Math.max(0, Math.min(this.programTimeoutMs, deadline - Date.now()));
        const program = await runProgram({
          project: this.project,
          stack: this.stack,
          dryRun,
          monitorAddress: monitor.address,
          engineAddress: monitor.address,
          config: this.config,
          env: this.env,
          onLog: this.onLog,
          timeoutMs,
        });
        // A killed program can leave a provider call hanging: kill the host first so that call fails instead.
        if (program.timedOut) await hosts.close();
        programOk = program.code === 0 && !program.timedOut;
        try {
          // A program that died early can leave registrations waiting on the provider.
          await bounded("waiting for the program's registrations", () => deployment.settle());
        } finally {
          if (!programOk) {
            const why = program.timedOut ? `timed out after ${timeoutMs} ms and was killed` : `exited with code ${program.code ?? program.signal}`;
            deployment.errors.push(`program ${why}`);
            if (deployment.errors.length === 1) deployment.errors.push(...program.stderr.slice(-10));
          }
        }
        // Deletes only follow a program that completed and steps that all succeeded (GenerateDeletes).
        if (programOk && !deployment.failed) await bounded("deleting resources", () => deployment.deleteLeftovers());
      }
    } catch (e) {
      deployment.failed = true;
      deployment.errors.push(e instanceof Error ? e.message : String(e));
    } finally {
      await monitor.close();
      await hosts.close();
      // Like the engine's checkpoints, an `up` keeps whatever it achieved, even when it failed.
      if (!dryRun) saveState(this.o.stateFile, deployment.newState());
    }
    const ok = programOk && !deployment.failed && deployment.errors.length === 0;
    return this.result(plan, ok, deployment.stackOutputs, deployment.errors);
  }

  /**
   * RefreshStep: Read(id, old outputs, old inputs) for every resource (step.go:1580-1591). An empty id drops the
   * resource; changed outputs (and inputs, if `read` returned them) update the state.
   */
  async refresh(): Promise<OperationResult> {
    const deadline = Date.now() + this.operationTimeoutMs;
    const plan = this.startPlan("refresh");
    const state = this.load();
    const hosts = this.lazyHost();
    const errors: string[] = [];
    // What each resource became: a new entry, or null when it is gone. Untouched ones (not reached before a
    // deadline, or failed) stay as they were.
    const refreshed = new Map<ResourceState, ResourceState | null>();
    try {
      await withDeadline(deadline, "refreshing", this.operationTimeoutMs, hosts.close, async () => {
        for (const r of state.resources) {
          if (!r.custom || r.type === DYNAMIC_PROVIDER_TYPE) continue;
          const step: Step = { op: "refresh", urn: r.urn, type: r.type, name: nameOfUrn(r.urn), ok: true };
          try {
            const host = await hosts.get();
            const res = await host.read(r.id ?? "", r.urn, stripSecrets(r.outputs), stripSecrets(r.inputs));
            if (!res.id) {
              refreshed.set(r, null);
              plan.record({ ...step, op: "refresh-delete" });
              continue;
            }
            const outputs = markSecretKeys(annotateSecrets(res.outputs, r.inputs), r.additionalSecretOutputs ?? []);
            const inputs = res.inputs ? annotateSecrets(res.inputs, r.inputs) : r.inputs;
            const changed = changedKeys(stripSecrets(r.outputs), stripSecrets(outputs));
            const inputsChanged = changedKeys(stripSecrets(r.inputs), stripSecrets(inputs)).length > 0;
            // RefreshStep.Apply (step.go) rebuilds the state with the init errors of Read only, which the
            // dynamic host never returns: a successful refresh clears them.
            refreshed.set(r, { ...r, id: res.id, inputs, outputs, initErrors: undefined });
            plan.record(changed.length > 0 || inputsChanged ? { ...step, op: "refresh-update", changedKeys: changed } : step);
          } catch (e) {
            const message = e instanceof Error ? e.message : String(e);
            errors.push(`${r.urn}: ${message}`);
            plan.record({ ...step, ok: false, error: message });
          }
        }
      });
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    } finally {
      await hosts.close();
    }
    const resources = state.resources
      .map((r) => (refreshed.has(r) ? refreshed.get(r)! : r))
      .filter((r): r is ResourceState => r !== null);
    saveState(this.o.stateFile, this.withoutUnusedProvider({ ...state, resources }));
    return this.result(plan, errors.length === 0, state.outputs, errors);
  }

  /** Delete everything in state, newest first, without running the program; stop at the first failure. */
  async destroy(): Promise<OperationResult> {
    const deadline = Date.now() + this.operationTimeoutMs;
    const plan = this.startPlan("destroy");
    const state = this.load();
    const hosts = this.lazyHost();
    const errors: string[] = [];
    const remaining = new Set(state.resources);
    try {
      await withDeadline(deadline, "deleting resources", this.operationTimeoutMs, hosts.close, async () => {
        for (const r of [...state.resources].reverse()) {
          if (r.type === DYNAMIC_PROVIDER_TYPE) continue; // dropped below once nothing uses it
          const step: Step = { op: r.external ? "read-discard" : "delete", urn: r.urn, type: r.type, name: nameOfUrn(r.urn), ok: true };
          try {
            await applyDelete(hosts.get, r);
            remaining.delete(r);
            plan.record(step);
          } catch (e) {
            const message = e instanceof Error ? e.message : String(e);
            errors.push(`${r.urn}: ${message}`);
            plan.record({ ...step, ok: false, error: message });
            break;
          }
        }
      });
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    } finally {
      await hosts.close();
    }
    const resources = state.resources.filter((r) => remaining.has(r));
    const stackGone = !resources.some((r) => r.type === "pulumi:pulumi:Stack");
    saveState(this.o.stateFile, this.withoutUnusedProvider({ ...state, resources, outputs: stackGone ? {} : state.outputs }));
    return this.result(plan, errors.length === 0, stackGone ? {} : state.outputs, errors);
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private load(): StateFile {
    const state = loadState(this.o.stateFile, this.project.name, this.stack);
    if (state.project !== this.project.name || state.stack !== this.stack) {
      throw new Error(`${this.o.stateFile} belongs to ${state.project}/${state.stack}, not ${this.project.name}/${this.stack}`);
    }
    return state;
  }

  private startPlan(mode: Mode): Plan {
    const plan = new Plan(mode, this.onLog);
    plan.emit(`${mode === "preview" ? "Previewing update" : mode === "up" ? "Updating" : mode === "refresh" ? "Refreshing" : "Destroying"} (${this.project.name}/${this.stack}):`);
    return plan;
  }

  private result(plan: Plan, ok: boolean, outputs: PropertyMap, errors: string[]): OperationResult {
    const planText = plan.finish(outputs);
    return {
      ok,
      steps: plan.steps,
      outputs: stripSecrets(outputs),
      error: ok ? undefined : errors.join("\n") || "operation failed",
      planText,
    };
  }

  /** The default provider entry only lives as long as some custom resource uses it. */
  private withoutUnusedProvider(state: StateFile): StateFile {
    const used = state.resources.some((r) => r.custom && r.type !== DYNAMIC_PROVIDER_TYPE);
    return used ? state : { ...state, resources: state.resources.filter((r) => r.type !== DYNAMIC_PROVIDER_TYPE) };
  }

  /**
   * One provider host per operation, started on first use and configured once with the whole stack config (the
   * engine configures the default provider before its first use, in preview too). `close` kills it at any stage,
   * starting and configuring included, and any later `get` fails.
   */
  private lazyHost(): { get: () => Promise<ProviderHost>; close: () => Promise<void>; engineAddress?: string } {
    let started: Promise<ProviderHost> | undefined;
    let current: ProviderHost | undefined;
    let closed = false;
    const abort = new AbortController();
    const handle = {
      engineAddress: undefined as string | undefined,
      get: (): Promise<ProviderHost> => {
        if (closed) return Promise.reject(new Error("the provider host was shut down"));
        started ??= (async () => {
          const host = await ProviderHost.start({
            cwd: this.project.dir,
            project: this.project.name,
            env: { ...this.env, ...providerProcessEnv(this.config) },
            engineAddress: handle.engineAddress,
            onLog: this.onLog,
            signal: abort.signal,
          });
          current = host;
          try {
            if (closed) throw new Error("the provider host was shut down");
            await host.configure(providerConfigArgs(this.config));
          } catch (e) {
            await host.close();
            throw e;
          }
          return host;
        })();
        return started;
      },
      close: async (): Promise<void> => {
        closed = true;
        abort.abort(); // a host still starting is killed
        await current?.close(); // a started one too, even while Configure is pending
        await started?.catch(() => undefined);
      },
    };
    return handle;
  }
}
