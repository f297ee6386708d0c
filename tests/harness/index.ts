/**
 * Engine harness: runs a Pulumi program made of dynamic resources through the real `@pulumi/pulumi` runtime
 * (`cmd/run`) and the real dynamic provider host (`cmd/dynamic-provider`), with a small model of the engine in
 * between. Use it for contract tests of provider + SDK glue where the Pulumi CLI is not available.
 *
 *   const h = new Harness({ projectDir, stateFile, config: { "tencentcloud:secretKey": { value: k, secret: true } } });
 *   const p = await h.preview();   // Check + Diff only
 *   const u = await h.up();        // u.ok, u.steps, u.outputs, u.planText
 *   await h.refresh(); await h.destroy(); h.readState();
 *
 * Files: engine.ts (the Harness and its operations), deployment.ts (step generation and execution, with the engine
 * rules cited), monitor.ts (ResourceMonitor + Engine gRPC services), program.ts (cmd/run launch),
 * provider-host.ts (cmd/dynamic-provider client), project.ts (Pulumi.yaml, config, URNs), plan.ts (steps and plan
 * text), secrets.ts (wire sentinels and secret rules), state.ts (the state file).
 *
 * Modelled from the engine (each rule cited in deployment.ts): Check with and without olds (create, replace, an old
 * `get` resource), Diff and the DIFF_UNKNOWN fallback, create-before-delete and delete-before-replace replaces with
 * the old resource marked pending delete (also after an init error), init errors and the Update that resumes them,
 * pending deletes retired before the program whatever the run's outcome, deletes after a successful program,
 * secrets, preview without Create/Update, static `get`, refresh and destroy.
 *
 * Every operation has a deadline (`operationTimeoutMs`, default 55 s; the program's own `programTimeoutMs`, default
 * 50 s, both under jest's 60 s testTimeout): past it the program is killed and the provider host shut down, and the
 * operation fails with "operation timed out ..." instead of hanging, leaving no process behind (engine.ts).
 *
 * Not modelled: parallelism limits, aliases, protect, explicit providers, dependency-ordered deletes beyond
 * "newest first", replaceOnChanges, import, Invoke/Call, transforms and hooks, targets, and the read-replacement
 * of a managed resource by a `get` with another id (GenerateReadSteps: the managed one would be pending delete;
 * here it is dropped from state without a Delete).
 */
export { Harness } from "./engine";
export type { HarnessOptions, OperationResult } from "./engine";
export { formatStep } from "./plan";
export type { Step, StepOp } from "./plan";
export type { ResourceState, StateFile } from "./state";
export { UNKNOWN, SIG_KEY, SECRET_SIG, isSecret, stripSecrets } from "./secrets";
export { ProviderHost, InitError } from "./provider-host";
