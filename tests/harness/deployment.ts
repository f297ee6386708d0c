/**
 * One `preview` or `up`: the engine's step generator and step executor for dynamic resources, fed by the resource
 * monitor (monitor.ts) as the program registers resources.
 *
 * Rules, with the engine code they model (pulumi/pulumi, pkg/resource/deploy/ unless noted):
 *  - Check, then Diff; Diff receives the old *outputs* as olds (step_generator.go, `diffResource` 2974-3008;
 *    provider_plugin.go `Diff` sends `DiffRequest.olds` = old outputs).
 *  - Check gets the old inputs as olds and the news with ignoreChanges applied, except on a create and when the old
 *    resource was external (a `get`, "Pulumi does not own" it): then no olds and the program's inputs as they are
 *    (step_generator.go `continueStepsFromImport`: `if recreating || wasExternal || ... || old == nil`). On a
 *    replace the engine runs Check again the same way, no olds, to "recompute the default values"
 *    (`prov.Check(urn, nil, goal.Properties, allowUnknowns)`, step_generator.go, in the `diff.Replace()` branch); the
 *    replacement is created with, and stored with, those inputs.
 *  - An old external resource registered as a managed one is not diffed: a new one is created to take its place and
 *    the read one is forgotten at the end, like a create-before-delete replace (step_generator.go "Case 2:
 *    wasExternal": CreateReplacementStep + ReplaceStep).
 *  - DIFF_UNKNOWN: the engine compares old inputs with new inputs itself, keeping the provider's replace keys
 *    (step_generator.go:2974-3008).
 *  - Replace iff the diff has changes and replace keys (provider.go:824 `Replace()`; "changes: false" plus replaces
 *    is no replace). Delete-before-replace: the resource option wins when `deleteBeforeReplaceDefined`, otherwise the
 *    provider's flag (step_generator.go:2043-2046); otherwise create the replacement first and delete the old one
 *    with the other deletes after the program finished. Once the replacement is recorded, after a successful create
 *    *and* after an init error, the old resource is marked pending delete (step.go `CreateStep.Apply`: `if
 *    s.replacing && s.pendingDelete { s.old.Delete = true }` follows both); if the run then fails, it stays in state
 *    with `delete: true`. A create that fails outright records nothing and leaves the old one as it was.
 *  - Pending deletes are retired first: before the program runs, resources an earlier run left with `delete: true`
 *    are deleted ("completing deletion from previous update"), newest first, whatever this run's outcome; a failed
 *    delete fails the operation before the program starts (deployment_executor.go `retirePendingDeletes`,
 *    step_generator.go `GeneratePendingDeletes`). Preview only plans them.
 *  - Init errors (`ErrorResourceInitFailed`): the resource is kept with its id, its properties as outputs and
 *    `initErrors`, and the step fails (step.go:360-455). Next time, no diff plus init errors gives an Update anyway
 *    "to continue awaiting initialization" (step_generator.go:1943 `hasInitErrors`, 2180-2195).
 *  - Preview never calls Create or Update: the dynamic host says supportsPreview=false, so the plugin returns the
 *    checked inputs as the new state (provider_plugin.go:1437 and 1713); the SDK shows missing outputs as unknown.
 *  - Secrets: properties go to the provider stripped (acceptSecrets=false); results are re-marked by
 *    `annotateSecrets` (provider_plugin.go:913-929) plus `additionalSecretOutputs`.
 *  - After a successful `up`, resources that the program no longer registered are deleted, newest first
 *    (step_generator.go `GenerateDeletes`); after a failure nothing is deleted and untouched resources stay.
 *  - `retainOnDelete` skips the provider's Delete (step.go:661). `ignoreChanges` (top-level keys only here) replaces
 *    new inputs with the old ones before Check (`processIgnoreChanges`).
 */
import { randomUUID } from "crypto";
import { Plan, Step, StepOp } from "./plan";
import { InitError, ProviderHost } from "./provider-host";
import { DYNAMIC_PROVIDER_TYPE, makeUrn, nameOfUrn, STACK_TYPE } from "./project";
import {
  PropertyMap,
  annotateSecrets,
  changedKeys,
  deepEqual,
  markSecretKeys,
  stripSecrets,
} from "./secrets";
import { ResourceState, StateFile } from "./state";

/** What the program asked for in RegisterResource. */
export interface Goal {
  type: string;
  name: string;
  parent?: string;
  custom: boolean;
  /** Wire form: secrets wrapped; unknowns possible in preview. */
  inputs: PropertyMap;
  dependencies: string[];
  /** Only set when the option was given (`deleteBeforeReplaceDefined`). */
  deleteBeforeReplace?: boolean;
  additionalSecretOutputs: string[];
  ignoreChanges: string[];
  retainOnDelete?: boolean;
  importId?: string;
  provider?: string;
}

/** What the program asked for in ReadResource (a static `get`). */
export interface ReadGoal {
  type: string;
  name: string;
  parent?: string;
  id: string;
  props: PropertyMap;
  dependencies: string[];
  additionalSecretOutputs: string[];
}

export interface RegisterResult {
  urn: string;
  id: string;
  outputs: PropertyMap;
}

/**
 * Raised for registrations after a step failed: the real engine cancels the deployment and the monitor answers
 * `Unavailable` ("resource monitor shut down while waiting on step's done channel", resource_monitor.go).
 */
export class DeploymentCanceled extends Error {}

export interface DeploymentOptions {
  project: string;
  stack: string;
  dryRun: boolean;
  /** The previous state, secrets opened. */
  old: StateFile;
  /** Lazily started and configured provider host (one per operation). */
  host: () => Promise<ProviderHost>;
  plan: Plan;
  /** Configure args (secrets wrapped): recorded as the default provider's inputs, as default_providers.go:143 does. */
  providerConfig: PropertyMap;
}

export class Deployment {
  /** Live (not pending-delete) old resources by URN, `get` ones included. */
  private readonly olds = new Map<string, ResourceState>();
  /** New state entries, in completion order (dependencies complete before their dependents register). */
  private readonly news: ResourceState[] = [];
  private readonly newUrns = new Set<string>();
  /** URNs the program registered (or read) in this run and that were processed. */
  private readonly registered = new Set<string>();
  /** Old resources replaced create-before-delete (`Delete = true`): deleted with the other deletes at the end. */
  private readonly condemned = new Set<ResourceState>();
  private readonly deleted = new Set<ResourceState>();
  private readonly inflight = new Set<Promise<unknown>>();
  /** Errors already recorded with their step, so `track` does not report them twice. */
  private readonly reported = new WeakSet<Error>();
  private readonly providerRef: string;
  private readonly oldProvider?: ResourceState;
  private rootUrn = "";
  stackOutputs: PropertyMap;
  /** Step and program errors, for OperationResult.error. */
  readonly errors: string[] = [];
  failed = false;

  constructor(private readonly o: DeploymentOptions) {
    for (const r of o.old.resources) {
      if (r.type === DYNAMIC_PROVIDER_TYPE) this.oldProvider = r;
      else if (!r.delete) this.olds.set(r.urn, r);
    }
    const providerUrn = makeUrn(o.stack, o.project, DYNAMIC_PROVIDER_TYPE, "default");
    this.providerRef = `${providerUrn}::${this.oldProvider?.id ?? randomUUID()}`;
    this.stackOutputs = o.old.outputs;
  }

  // ---- RPC entry points (monitor.ts) -------------------------------------------------------------------------

  register(goal: Goal): Promise<RegisterResult> {
    return this.track(async () => {
      const urn = makeUrn(this.o.stack, this.o.project, goal.type, goal.name, goal.parent);
      this.claim(urn);
      return goal.custom ? this.registerCustom(urn, goal) : this.registerComponent(urn, goal);
    });
  }

  read(goal: ReadGoal): Promise<RegisterResult> {
    return this.track(async () => {
      const urn = makeUrn(this.o.stack, this.o.project, goal.type, goal.name, goal.parent);
      this.claim(urn);
      const step = this.draft("read", urn, goal.type);
      try {
        // ReadStep sends the constructor's props as both inputs and state (step.go:1335-1346).
        const host = await this.o.host();
        const props = stripSecrets(goal.props);
        const r = await host.read(goal.id, urn, props, props);
        if (!r.id) throw new Error(`resource '${goal.id}' does not exist`);
        const outputs = markSecretKeys(annotateSecrets(r.outputs, goal.props), goal.additionalSecretOutputs);
        this.keep({
          urn, type: goal.type, custom: true, id: r.id, parent: goal.parent, provider: this.providerRef,
          inputs: goal.props, outputs, dependencies: goal.dependencies, external: true,
          additionalSecretOutputs: goal.additionalSecretOutputs.length ? goal.additionalSecretOutputs : undefined,
        });
        this.o.plan.record({ ...step, ok: true });
        return { urn, id: r.id, outputs };
      } catch (e) {
        this.fail(step, e);
        throw e;
      }
    });
  }

  registerOutputs(urn: string, outputs: PropertyMap): void {
    const entry = this.news.find((r) => r.urn === urn);
    if (entry) entry.outputs = outputs;
    if (urn === this.rootUrn || entry?.type === STACK_TYPE) this.stackOutputs = outputs;
  }

  // ---- end of the program -------------------------------------------------------------------------------------

  /** Wait for every registration still being processed. */
  async settle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /**
   * `retirePendingDeletes` (deployment_executor.go), run before the program: delete the resources an earlier run
   * left pending deletion, newest first, and stop at the first failure (which fails the operation: the caller then
   * does not run the program). Preview only plans them.
   */
  async retirePendingDeletes(): Promise<void> {
    const pending = [...this.o.old.resources].reverse().filter((r) => r.delete && r.type !== DYNAMIC_PROVIDER_TYPE);
    for (const r of pending) {
      const step: Step = { ...this.draft(r.external ? "read-discard" : "delete", r.urn, r.type), pendingDelete: true };
      try {
        if (!this.o.dryRun) await this.deleteResource(r);
        this.o.plan.record({ ...step, ok: true });
      } catch (e) {
        this.fail(step, e);
        return;
      }
    }
  }

  /**
   * The deletes that follow a successful program: resources no longer registered and replaced resources
   * (create-before-delete), newest first. Preview only plans them. (Deletes pending from an earlier run were
   * retired before the program.)
   */
  async deleteLeftovers(): Promise<void> {
    const candidates = [...this.o.old.resources]
      .reverse()
      .filter((r) => r.type !== DYNAMIC_PROVIDER_TYPE && !r.delete)
      .filter((r) => this.condemned.has(r) || !this.registered.has(r.urn));
    for (const r of candidates) {
      const op: StepOp = r.external ? "read-discard" : "delete";
      const step = this.draft(op, r.urn, r.type);
      // A replaced resource already has its plan line (the replace); deleting it is part of that step.
      const quiet = this.condemned.has(r);
      try {
        if (!this.o.dryRun) await this.deleteResource(r);
        if (!quiet) this.o.plan.record({ ...step, ok: true });
      } catch (e) {
        this.fail(step, e);
        return; // stop at the first failed delete; everything not yet deleted stays in state
      }
    }
  }

  /**
   * The state to write: the default provider, the new entries, then the old entries this run did not touch (after a
   * failure: everything not registered; always: replaced or leftover resources whose delete did not happen).
   */
  newState(): StateFile {
    const untouched = this.o.old.resources
      .filter((r) => r.type !== DYNAMIC_PROVIDER_TYPE && !this.deleted.has(r))
      .filter((r) => r.delete || this.condemned.has(r) || !this.registered.has(r.urn))
      .map((r) => (this.condemned.has(r) ? { ...r, delete: true } : r));
    const resources = [...this.news, ...untouched];
    const needsProvider = resources.some((r) => r.custom);
    const [providerUrn, providerId] = splitProviderRef(this.providerRef);
    const provider: ResourceState[] = needsProvider
      ? [{ urn: providerUrn, type: DYNAMIC_PROVIDER_TYPE, custom: true, id: providerId, inputs: this.o.providerConfig, outputs: this.o.providerConfig }]
      : [];
    return { ...this.o.old, resources: [...provider, ...resources], outputs: this.stackOutputs };
  }

  // ---- steps ------------------------------------------------------------------------------------------------

  /** The stack and component resources: no provider; create, update (inputs changed) or same. */
  private async registerComponent(urn: string, goal: Goal): Promise<RegisterResult> {
    if (goal.type === STACK_TYPE) this.rootUrn = urn;
    const old = this.olds.get(urn);
    const op: StepOp = !old ? "create" : deepEqual(old.inputs, goal.inputs) ? "same" : "update";
    const step = this.draft(op, urn, goal.type);
    if (op === "update") step.changedKeys = changedKeys(stripSecrets(old!.inputs), stripSecrets(goal.inputs));
    this.keep({
      urn, type: goal.type, custom: false, parent: goal.parent, inputs: goal.inputs,
      outputs: old?.outputs ?? {}, dependencies: goal.dependencies.length ? goal.dependencies : undefined,
    });
    this.o.plan.record({ ...step, ok: true });
    return { urn, id: "", outputs: {} };
  }

  private async registerCustom(urn: string, goal: Goal): Promise<RegisterResult> {
    const old = this.olds.get(urn);
    const step = this.draft(old ? "same" : "create", urn, goal.type);
    try {
      return await this.stepCustom(urn, goal, old, step);
    } catch (e) {
      // A failed step leaves the old state untouched, unless the step itself recorded something (an init error): then
      // the new entry is kept, and an old one it replaces create-first is kept too, pending delete (see newState).
      if (old && !this.newUrns.has(urn) && !this.deleted.has(old)) this.keep(old);
      this.fail(step, e);
      throw e;
    }
  }

  private async stepCustom(urn: string, goal: Goal, old: ResourceState | undefined, step: Step): Promise<RegisterResult> {
    if (!goal.type.startsWith("pulumi-nodejs:dynamic")) {
      throw new Error(`the harness only runs dynamic resources (pulumi-nodejs:dynamic:*), not ${goal.type}`);
    }
    if (goal.provider) throw new Error("explicit providers are not supported by the harness; dynamic resources use the default provider");
    if (goal.importId) {
      // ImportStep calls Read with no properties, so no dynamic provider can be loaded (step.go:2037-2045).
      throw new Error("import is not supported for dynamic resources (Read gets no __provider)");
    }
    const dryRun = this.o.dryRun;
    const host = await this.o.host();
    const aso = goal.additionalSecretOutputs;

    // Check: with the old inputs only when Pulumi owns the old resource (see the header), else no olds and the
    // program's inputs without ignoreChanges.
    const owned = old !== undefined && !old.external;
    let inputs = owned
      ? await this.check(urn, old.inputs, goal.ignoreChanges.length > 0 ? applyIgnoreChanges(old.inputs, goal.inputs, goal.ignoreChanges) : goal.inputs)
      : await this.check(urn, undefined, goal.inputs);
    // The new state entry; `inputs` can still change (the second Check of a replace).
    const base = (): ResourceState => ({
      urn, type: goal.type, custom: true, parent: goal.parent, provider: this.providerRef, inputs, outputs: {},
      dependencies: goal.dependencies.length ? goal.dependencies : undefined,
      additionalSecretOutputs: aso.length ? aso : undefined,
      retainOnDelete: goal.retainOnDelete || undefined,
    });
    // Provider results, re-marked secret (annotateSecrets + additionalSecretOutputs).
    const secretOuts = (outs: PropertyMap): PropertyMap => markSecretKeys(annotateSecrets(outs, inputs), aso);
    // In preview the new state is the checked inputs (supportsPreview=false; provider_plugin.go:1437, 1713).
    const previewOuts = (): PropertyMap => markSecretKeys(inputs, aso);

    if (!old) {
      step.op = "create";
      if (dryRun) return this.done(step, { urn, id: "", outputs: previewOuts() });
      const created = await this.create(urn, base(), secretOuts);
      return this.done(step, { urn, id: created.id!, outputs: created.outputs });
    }

    if (old.external) {
      // "Case 2: wasExternal": no Diff; create a replacement and forget the read resource at the end.
      step.op = "replace";
      step.deleteBeforeReplace = false;
      if (dryRun) return this.done(step, { urn, id: "", outputs: previewOuts() });
      const created = await this.create(urn, base(), secretOuts, old);
      return this.done(step, { urn, id: created.id!, outputs: created.outputs });
    }

    const diff = await host.diff(old.id ?? "", urn, stripSecrets(old.outputs), stripSecrets(inputs), stripSecrets(old.inputs));
    const inputChanges = changedKeys(stripSecrets(old.inputs), stripSecrets(inputs));
    // DIFF_UNKNOWN: the engine diffs old inputs against new inputs itself (step_generator.go:2974-3008).
    const changes = diff.changes === "unknown" ? (inputChanges.length > 0 ? "some" : "none") : diff.changes;
    // What to show: the provider's keys if it gave any (the dynamic host never does), else the input diff, which is
    // also what the CLI displays for resources without a detailed diff.
    step.changedKeys = diff.diffs.length > 0 ? diff.diffs : inputChanges;
    const hasInitErrors = (old.initErrors?.length ?? 0) > 0;

    if (changes === "some" && diff.replaces.length > 0) {
      step.op = "replace";
      step.replaceKeys = diff.replaces;
      // The resource option wins when given (step_generator.go:2043-2046).
      step.deleteBeforeReplace = goal.deleteBeforeReplace ?? diff.deleteBeforeReplace;
      // "Recompute the default values": Check again with no olds and the program's inputs, in preview too.
      inputs = await this.check(urn, undefined, goal.inputs);
      if (dryRun) return this.done(step, { urn, id: "", outputs: previewOuts() });
      if (step.deleteBeforeReplace) {
        await this.deleteResource(old);
        const created = await this.create(urn, base(), secretOuts);
        return this.done(step, { urn, id: created.id!, outputs: created.outputs });
      }
      // Create the replacement first; the old one is marked pending delete and deleted after the program, with the
      // other deletes.
      const created = await this.create(urn, base(), secretOuts, old);
      return this.done(step, { urn, id: created.id!, outputs: created.outputs });
    }

    if (changes === "some" || hasInitErrors) {
      step.op = "update";
      // No changes but init errors: an empty Update "to continue awaiting initialization" (step_generator.go:2180-2195).
      step.initErrorRetry = changes !== "some";
      if (dryRun) return this.done(step, { urn, id: old.id ?? "", outputs: previewOuts() });
      try {
        const outs = await host.update(old.id ?? "", urn, stripSecrets(old.outputs), stripSecrets(inputs), stripSecrets(old.inputs));
        this.keep({ ...base(), id: old.id, outputs: secretOuts(outs) });
      } catch (e) {
        if (e instanceof InitError) this.keep({ ...base(), id: e.id || old.id, outputs: secretOuts(e.properties), initErrors: e.reasons });
        throw e;
      }
      return this.done(step, { urn, id: old.id ?? "", outputs: this.newEntry(urn).outputs });
    }

    // Same: new inputs, old id and outputs (SameStep); a newly added additionalSecretOutputs still applies.
    step.op = "same";
    const outputs = markSecretKeys(old.outputs, aso);
    this.keep({ ...base(), id: old.id, outputs });
    return this.done(step, { urn, id: old.id ?? "", outputs });
  }

  /** Check(olds, news): failures fail the step; the checked inputs are re-marked secret like the news (annotateSecrets). */
  private async check(urn: string, olds: PropertyMap | undefined, news: PropertyMap): Promise<PropertyMap> {
    const host = await this.o.host();
    const checked = await host.check(urn, olds ? stripSecrets(olds) : {}, stripSecrets(news));
    if (checked.failures.length > 0) {
      throw new Error(`check failed: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    return annotateSecrets(checked.inputs, news);
  }

  /**
   * CreateStep.Apply: records the resource, or on an init error records it with its id and initErrors. For a
   * create-before-delete replacement (`replacing`), the old resource is then marked pending delete, in both cases
   * (`s.old.Delete = true` runs after a partial failure too); a create that fails outright records nothing.
   */
  private async create(
    urn: string,
    base: ResourceState,
    secretOuts: (o: PropertyMap) => PropertyMap,
    replacing?: ResourceState,
  ): Promise<ResourceState> {
    const host = await this.o.host();
    let recorded: ResourceState;
    try {
      const r = await host.create(urn, stripSecrets(base.inputs));
      if (!r.id) throw new Error("provider returned an empty ID from Create");
      recorded = this.keep({ ...base, id: r.id, outputs: secretOuts(r.outputs) });
    } catch (e) {
      if (e instanceof InitError) {
        this.keep({ ...base, id: e.id, outputs: secretOuts(e.properties), initErrors: e.reasons });
        if (replacing) this.condemned.add(replacing);
      }
      throw e;
    }
    if (replacing) this.condemned.add(replacing);
    return recorded;
  }

  private async deleteResource(r: ResourceState): Promise<void> {
    await applyDelete(this.o.host, r);
    this.deleted.add(r);
  }

  // ---- bookkeeping ------------------------------------------------------------------------------------------

  /** Run one RPC's work; any failure (not only a failed step, e.g. a duplicate URN) fails the deployment. */
  private track<T>(f: () => Promise<T>): Promise<T> {
    const p = f().catch((e: unknown) => {
      this.failed = true;
      if (!(e instanceof DeploymentCanceled) && !(e instanceof Error && this.reported.has(e))) {
        this.errors.push(e instanceof Error ? e.message : String(e));
      }
      throw e;
    });
    this.inflight.add(p);
    const forget = (): void => void this.inflight.delete(p);
    p.then(forget, forget);
    return p;
  }

  /** One registration per URN per run (the engine rejects duplicates); none at all once the run has failed. */
  private claim(urn: string): void {
    if (this.failed) throw new DeploymentCanceled("resource monitor shut down: an earlier step failed");
    if (this.registered.has(urn)) throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
    this.registered.add(urn);
  }

  private draft(op: StepOp, urn: string, type: string): Step {
    return { op, urn, type, name: nameOfUrn(urn), ok: false };
  }

  private done(step: Step, result: RegisterResult): RegisterResult {
    this.o.plan.record({ ...step, ok: true });
    return result;
  }

  private fail(step: Step, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof Error) this.reported.add(e);
    this.failed = true;
    this.errors.push(`${step.urn}: ${message}`);
    this.o.plan.record({ ...step, ok: false, error: message });
  }

  private keep(r: ResourceState): ResourceState {
    // Stable, readable key order in the state file; undefined fields dropped.
    const ordered: ResourceState = { urn: r.urn, type: r.type, custom: r.custom, id: r.id, parent: r.parent, provider: r.provider, inputs: r.inputs, outputs: r.outputs };
    const clean = Object.fromEntries(Object.entries({ ...ordered, ...r }).filter(([, v]) => v !== undefined)) as unknown as ResourceState;
    this.news.push(clean);
    this.newUrns.add(r.urn);
    return clean;
  }

  private newEntry(urn: string): ResourceState {
    return this.news.filter((r) => r.urn === urn).slice(-1)[0];
  }
}

/**
 * DeleteStep.Apply: Delete(id, old outputs, old inputs) with the provider code stored in the old outputs'
 * `__provider`; nothing for components and `get` resources; nothing either with retainOnDelete (step.go:661).
 */
export async function applyDelete(host: () => Promise<ProviderHost>, r: ResourceState): Promise<void> {
  if (r.custom && !r.external && !r.retainOnDelete) {
    const h = await host();
    await h.delete(r.id ?? "", r.urn, stripSecrets(r.outputs), stripSecrets(r.inputs));
  }
}

/** `processIgnoreChanges` for top-level keys: keep the old value (or its absence) for ignored properties. */
function applyIgnoreChanges(oldInputs: PropertyMap, news: PropertyMap, ignore: string[]): PropertyMap {
  const result: PropertyMap = { ...news };
  for (const key of ignore) {
    if (key in oldInputs) result[key] = oldInputs[key];
    else delete result[key];
  }
  return result;
}

function splitProviderRef(ref: string): [string, string] {
  const i = ref.lastIndexOf("::");
  return [ref.slice(0, i), ref.slice(i + 2)];
}
