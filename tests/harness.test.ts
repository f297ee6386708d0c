/**
 * The engine harness (tests/harness) driving the fixture project (tests/harness-fixture) through the real
 * `@pulumi/pulumi` cmd/run and cmd/dynamic-provider. The fixture's "cloud" is a temp directory of JSON files and its
 * provider journals every call to `_ops.log`, so each test can see which provider methods ran, in which order.
 *
 * The scenarios in a describe block share one stack and run in order (like successive `pulumi` commands).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Harness, HarnessOptions, OperationResult, ProviderHost, ResourceState, Step, UNKNOWN } from "./harness";
import type { Spec } from "./harness-fixture/index";

const FIXTURE = path.join(__dirname, "harness-fixture");
const TYPE = "pulumi-nodejs:dynamic/fixture:JsonFile";
const API_TOKEN = "tok-PLAINTEXT-do-not-store-7f3a";
const SECRET_INPUT = "sv-PLAINTEXT-do-not-store-91c2";


/** A stack of the fixture project with its own state file and cloud directory. */
class Stack {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "harness-test-"));
  readonly cloud = path.join(this.root, "cloud");
  readonly stateFile = path.join(this.root, "state.json");
  readonly logs: string[] = [];

  constructor() {
    fs.mkdirSync(this.cloud);
  }

  harness(specs: Spec[], extra: Record<string, string> = {}, options: Partial<HarnessOptions> = {}): Harness {
    return new Harness({
      ...options,
      projectDir: FIXTURE,
      stateFile: this.stateFile,
      config: {
        dir: { value: this.cloud },
        resources: { value: JSON.stringify(specs) },
        apiToken: { value: API_TOKEN, secret: true },
        secretInput: { value: SECRET_INPUT, secret: true },
        ...Object.fromEntries(Object.entries(extra).map(([k, value]) => [k, { value }])),
      },
      // The fixture is type-checked by `tsc -p tests/tsconfig.json`; skipping ts-node's check saves ~1 s per run.
      env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
      onLog: (line) => this.logs.push(line),
    });
  }

  /** Provider calls journaled by the fixture, without configure/check noise. */
  ops(): string[] {
    const file = path.join(this.cloud, "_ops.log");
    if (!fs.existsSync(file)) return [];
    return fs.readFileSync(file, "utf8").split("\n").filter((l) => /^(create|update|delete|read) /.test(l));
  }

  /** The fixture's Check calls: "check <fileName> olds=<old fileName or ->". */
  checks(): string[] {
    return this.journal().filter((l) => l.startsWith("check "));
  }

  /** The pid of the provider host configured last. */
  lastHostPid(): number {
    const line = this.journal().filter((l) => l.startsWith("host pid=")).pop();
    if (!line) throw new Error("no provider host was configured");
    return Number(line.slice("host pid=".length));
  }

  journal(): string[] {
    const file = path.join(this.cloud, "_ops.log");
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "") : [];
  }

  /** Run `f` and return the provider calls it caused. */
  async opsDuring<T>(f: () => Promise<T>): Promise<[T, string[]]> {
    const before = this.ops().length;
    const result = await f();
    return [result, this.ops().slice(before)];
  }

  resource(name: string): ResourceState | undefined {
    const h = this.harness([]);
    return h.readState({ reveal: true }).resources.find((r) => r.type === TYPE && r.urn.endsWith(`::${name}`) && !r.delete);
  }

  object(fileName: string): { id: string; content: string; checksum: string; ready: boolean } | undefined {
    const file = path.join(this.cloud, `${fileName}.json`);
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined;
  }

  rawState(): string {
    return fs.existsSync(this.stateFile) ? fs.readFileSync(this.stateFile, "utf8") : "";
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

const sha256 = (s: string): string => crypto.createHash("sha256").update(s).digest("hex");
const fileSteps = (r: OperationResult): Step[] => r.steps.filter((s) => s.type === TYPE);
const opsOf = (r: OperationResult): Record<string, string> =>
  Object.fromEntries(fileSteps(r).map((s) => [s.name, s.op]));
const expectOk = (r: OperationResult): void => {
  if (!r.ok) throw new Error(`operation failed: ${r.error}\n${r.planText}`);
};
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** Whether `pid` is gone within `ms` (a killed child is reaped asynchronously). */
async function exits(pid: number, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (!isAlive(pid)) return true;
  }
  return !isAlive(pid);
}

describe("harness: preview, up, update, replace, delete, destroy", () => {
  const stack = new Stack();
  afterAll(() => stack.remove());
  const base: Spec[] = [
    { name: "a", content: "hello", withSecret: true },
    { name: "b", contentFrom: "a" },
    { name: "c", content: "legacy", legacyDiff: true, additionalSecretOutputs: ["checksum"] },
  ];

  // Whatever happened, the state file must never hold the plaintext of a secret (config or input).
  afterEach(() => {
    const raw = stack.rawState();
    expect(raw).not.toContain(API_TOKEN);
    expect(raw).not.toContain(SECRET_INPUT);
  });

  test("preview plans creates, calls neither Create nor Update, and shows computed outputs as unknown", async () => {
    const [r, ops] = await stack.opsDuring(() => stack.harness(base).preview());
    expectOk(r);
    expect(opsOf(r)).toEqual({ a: "create", b: "create", c: "create" });
    expect(ops).toEqual([]);
    expect(fs.existsSync(stack.stateFile)).toBe(false);
    // checksum and id are output-only: the monitor returned the checked inputs, so the SDK saw them as unknown.
    expect(r.outputs).toMatchObject({ checksums: { a: UNKNOWN, b: UNKNOWN, c: UNKNOWN }, ids: { a: UNKNOWN } });
    // Configure ran (check needs the provider) with the secret config decrypted.
    expect(fs.readFileSync(path.join(stack.cloud, "_ops.log"), "utf8")).toContain(`configure token-sha256=${sha256(API_TOKEN)}`);
    expect(r.planText).toContain(`+   ${TYPE}  a`);
    expect(r.planText).toContain("Resources: 4 to create");
  });

  test("up creates the resources and records ids, inputs and outputs", async () => {
    const [r, ops] = await stack.opsDuring(() => stack.harness(base).up());
    expectOk(r);
    expect(opsOf(r)).toEqual({ a: "create", b: "create", c: "create" });
    expect(ops.map((o) => o.split(" ")[0])).toEqual(["create", "create", "create"]);
    const a = stack.resource("a")!;
    expect(a.id).toMatch(/^a-[0-9a-f]{8}$/);
    expect(stack.object("a")).toMatchObject({ id: a.id, content: "hello" });
    expect(a.outputs).toMatchObject({ content: "hello", checksum: sha256("hello"), revision: 1, ready: true });
    expect(stack.resource("b")!.inputs.content).toBe(sha256("hello"));
    expect(stack.resource("b")!.dependencies).toEqual([a.urn]);
    expect(r.outputs).toMatchObject({ checksums: { a: sha256("hello") }, ids: { a: a.id }, secretValues: { a: SECRET_INPUT } });
    expect(r.planText).toContain("Resources: 4 created");
    expect(r.planText).toContain('secretValues: {"a":"[secret]"}');
  });

  test("secrets are sealed in the state file and re-marked on outputs", async () => {
    const stored = stack.harness([]).readState();
    const a = stored.resources.find((x) => x.urn.endsWith("::a"))!;
    // The secret input and its same-named output (annotateSecrets), sealed; plain fields stay readable.
    expect(a.inputs.secretValue).toMatchObject({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" });
    expect(a.inputs.secretValue).toHaveProperty("ciphertext");
    expect(a.outputs.secretValue).toHaveProperty("ciphertext");
    expect(a.secretOutputs).toEqual(["secretValue"]);
    // additionalSecretOutputs makes a computed output secret.
    expect(stored.resources.find((x) => x.urn.endsWith("::c"))!.secretOutputs).toEqual(["checksum"]);
    // The default provider keeps the config as its inputs (default_providers.go:143), secrets sealed.
    const provider = stored.resources.find((x) => x.type === "pulumi:providers:pulumi-nodejs")!;
    expect(provider.inputs["harness-fixture:apiToken"]).toHaveProperty("ciphertext");
    expect(provider.inputs["harness-fixture:dir"]).toBe(stack.cloud);
    // And they open to the right plaintext.
    expect(stack.resource("a")!.inputs.secretValue).toBe(SECRET_INPUT);
  });

  test("a second up with no changes is a no-op (same), including the DIFF_UNKNOWN fallback", async () => {
    const [r, ops] = await stack.opsDuring(() => stack.harness(base).up());
    expectOk(r);
    expect(r.steps.every((s) => s.op === "same")).toBe(true);
    expect(ops).toEqual([]);
    expect(r.planText).toContain("Resources: 4 unchanged");
  });

  test("in-place update: preview shows it without calling Update, up updates and keeps the id", async () => {
    const changed: Spec[] = [{ ...base[0], content: "hello again" }, base[1], { ...base[2], content: "legacy 2" }];
    const idA = stack.resource("a")!.id;
    const [p, previewOps] = await stack.opsDuring(() => stack.harness(changed).preview());
    expectOk(p);
    // b's content is a's checksum: unknown in preview, so b is an update too.
    expect(opsOf(p)).toEqual({ a: "update", b: "update", c: "update" });
    expect(previewOps).toEqual([]);
    expect(p.planText).toContain(`~   ${TYPE}  a  [diff: content]`);

    const [r, ops] = await stack.opsDuring(() => stack.harness(changed).up());
    expectOk(r);
    expect(opsOf(r)).toEqual({ a: "update", b: "update", c: "update" });
    // c's diff returns {} (DIFF_UNKNOWN): the engine compared old and new inputs itself.
    expect(fileSteps(r).find((s) => s.name === "c")!.changedKeys).toEqual(["content"]);
    // a and c are independent (c may go first); b waits for a's checksum.
    expect(ops).toContain(`update ${idA}`);
    expect(ops.map((o) => o.replace(/-[0-9a-f]{8}$/, "")).sort()).toEqual(["update a", "update b", "update c"]);
    const a = stack.resource("a")!;
    expect(a.id).toBe(idA);
    expect(a.outputs).toMatchObject({ content: "hello again", revision: 2, checksum: sha256("hello again") });
    expect(stack.resource("b")!.outputs.content).toBe(sha256("hello again"));
  });

  test("replace on a replace-triggering field creates the new object before deleting the old one", async () => {
    const old = stack.resource("a")!;
    const specs: Spec[] = [{ ...base[0], content: "hello again", fileName: "a2" }, base[1], { ...base[2], content: "legacy 2" }];
    const [r, ops] = await stack.opsDuring(() => stack.harness(specs).up());
    expectOk(r);
    const step = fileSteps(r).find((s) => s.name === "a")!;
    expect(step).toMatchObject({ op: "replace", replaceKeys: ["fileName"], deleteBeforeReplace: false });
    expect(r.planText).toContain(`-/+ ${TYPE}  a  [diff: fileName]`);
    const created = stack.resource("a")!;
    expect(created.id).toMatch(/^a2-/);
    // create-then-delete: the old object goes with the other deletes, after the program finished.
    expect(ops[0]).toBe(`create ${created.id}`);
    expect(ops).toContain(`delete ${old.id}`);
    expect(ops.indexOf(`delete ${old.id}`)).toBeGreaterThan(0);
    expect(stack.object("a")).toBeUndefined();
    expect(stack.object("a2")).toMatchObject({ id: created.id });
    expect(stack.harness([]).readState().resources.filter((x) => x.urn.endsWith("::a"))).toHaveLength(1);
  });

  test("replace honours the provider's deleteBeforeReplace (same file name)", async () => {
    const old = stack.resource("b")!;
    const specs: Spec[] = [{ ...base[0], content: "hello again", fileName: "a2" }, { ...base[1], format: "v2" }, { ...base[2], content: "legacy 2" }];
    const [r, ops] = await stack.opsDuring(() => stack.harness(specs).up());
    expectOk(r);
    expect(fileSteps(r).find((s) => s.name === "b")).toMatchObject({ op: "replace", replaceKeys: ["format"], deleteBeforeReplace: true });
    const created = stack.resource("b")!;
    expect(ops).toEqual([`delete ${old.id}`, `create ${created.id}`]);
    expect(created.id).not.toBe(old.id);
    expect(stack.object("b")).toMatchObject({ id: created.id });
  });

  test("the deleteBeforeReplace resource option wins over the provider: create-first collides and fails", async () => {
    const old = stack.resource("b")!;
    const specs: Spec[] = [
      { ...base[0], content: "hello again", fileName: "a2" },
      { ...base[1], format: "v3", deleteBeforeReplace: false },
      { ...base[2], content: "legacy 2" },
    ];
    const [r, ops] = await stack.opsDuring(() => stack.harness(specs).up());
    expect(r.ok).toBe(false);
    expect(r.error).toContain("b.json already exists");
    expect(fileSteps(r).find((s) => s.name === "b")).toMatchObject({ op: "replace", ok: false, deleteBeforeReplace: false });
    expect(ops).toEqual([]); // nothing deleted, nothing created
    // The old resource is untouched in state and in the cloud.
    expect(stack.resource("b")).toMatchObject({ id: old.id, outputs: { format: "v2" } });
    expect(stack.object("b")).toMatchObject({ id: old.id });
  });

  test("resources removed from the program are deleted on up", async () => {
    const b = stack.resource("b")!;
    const specs: Spec[] = [{ ...base[0], content: "hello again", fileName: "a2" }, { ...base[2], content: "legacy 2" }];
    const [r, ops] = await stack.opsDuring(() => stack.harness(specs).up());
    expectOk(r);
    expect(opsOf(r)).toEqual({ a: "same", b: "delete", c: "same" });
    expect(ops).toEqual([`delete ${b.id}`]);
    expect(stack.resource("b")).toBeUndefined();
    expect(stack.object("b")).toBeUndefined();
    expect(r.planText).toContain(`-   ${TYPE}  b  deleted`);
  });

  test("destroy deletes everything in state, newest first, without running the program", async () => {
    const ids = ["a", "c"].map((n) => stack.resource(n)!.id);
    const [r, ops] = await stack.opsDuring(() => stack.harness([]).destroy());
    expectOk(r);
    expect(ops.sort()).toEqual(ids.map((id) => `delete ${id}`).sort());
    expect(r.steps.map((s) => s.op)).toEqual(["delete", "delete", "delete"]);
    expect(r.steps[r.steps.length - 1].type).toBe("pulumi:pulumi:Stack");
    const state = stack.harness([]).readState();
    expect(state.resources).toEqual([]);
    expect(state.outputs).toEqual({});
    expect(fs.readdirSync(stack.cloud).filter((f) => f.endsWith(".json"))).toEqual([]);
    expect(r.planText).toContain("Resources: 3 deleted");
  });
});

describe("harness: init errors", () => {
  const stack = new Stack();
  afterAll(() => stack.remove());
  const specs: Spec[] = [{ name: "slow", content: "x", initAttempts: 2 }];

  test("an init error keeps the resource with its id and initErrors, and fails the up", async () => {
    const [r, ops] = await stack.opsDuring(() => stack.harness(specs, { exportOutputs: "true" }).up());
    expect(r.ok).toBe(false);
    expect(r.error).toContain("is not ready yet");
    expect(fileSteps(r)).toMatchObject([{ op: "create", ok: false }]);
    const slow = stack.resource("slow")!;
    expect(ops).toEqual([`create ${slow.id}`]);
    expect(slow.initErrors).toEqual(["not ready after 1 attempt(s)"]);
    expect(slow.outputs).toMatchObject({ ready: false, attempts: 1 });
    // properties from the init error carry __provider, so later delete/refresh can load the provider.
    expect(typeof slow.outputs.__provider).toBe("string");
  });

  test("the next up calls Update although Diff reports no change, and clears the init errors", async () => {
    const id = stack.resource("slow")!.id;
    const [p, previewOps] = await stack.opsDuring(() => stack.harness(specs).preview());
    expectOk(p);
    expect(fileSteps(p)).toMatchObject([{ op: "update", initErrorRetry: true }]);
    expect(previewOps).toEqual([]);

    const [r, ops] = await stack.opsDuring(() => stack.harness(specs).up());
    expectOk(r);
    expect(fileSteps(r)).toMatchObject([{ op: "update", ok: true, initErrorRetry: true, changedKeys: [] }]);
    expect(r.planText).toContain("continue awaiting initialization");
    expect(ops).toEqual([`update ${id}`]);
    const slow = stack.resource("slow")!;
    expect(slow.id).toBe(id);
    expect(slow.initErrors).toBeUndefined();
    expect(slow.outputs).toMatchObject({ ready: true, attempts: 2 });
    expect(r.outputs).toMatchObject({ ids: { slow: id } });
  });
});

describe("harness: refresh and static get", () => {
  const stack = new Stack();
  afterAll(() => stack.remove());
  const specs: Spec[] = [
    { name: "kept", content: "one" },
    { name: "gone", content: "two" },
  ];

  test("a static get goes through ReadResource and the provider's read", async () => {
    expectOk(await stack.harness(specs).up());
    const kept = stack.resource("kept")!;
    const [r, ops] = await stack.opsDuring(() => stack.harness(specs, { getId: kept.id! }).up());
    expectOk(r);
    expect(opsOf(r)).toEqual({ kept: "same", gone: "same", "looked-up": "read" });
    expect(ops).toEqual([`read ${kept.id}`]);
    expect(r.outputs.lookedUpContent).toBe("one");
    expect(stack.harness([]).readState().resources.find((x) => x.urn.endsWith("::looked-up"))).toMatchObject({ external: true, id: kept.id });
  });

  test("refresh drops a resource deleted outside and takes changed outputs", async () => {
    const gone = stack.resource("gone")!;
    fs.unlinkSync(path.join(stack.cloud, "gone.json"));
    const keptFile = path.join(stack.cloud, "kept.json");
    fs.writeFileSync(keptFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(keptFile, "utf8")), content: "edited", checksum: "c0ffee" }));

    const [r, ops] = await stack.opsDuring(() => stack.harness(specs).refresh());
    expectOk(r);
    expect(opsOf(r)).toMatchObject({ kept: "refresh-update", gone: "refresh-delete" });
    expect(fileSteps(r).find((s) => s.name === "kept")!.changedKeys).toEqual(["checksum", "content"]);
    expect(ops).toContain(`read ${gone.id}`);
    expect(stack.resource("gone")).toBeUndefined();
    expect(stack.resource("kept")!.outputs).toMatchObject({ content: "edited", checksum: "c0ffee" });

    // The program still declares "gone": the next up creates it again; "kept" drifted, so it is updated back.
    const up = await stack.harness(specs).up();
    expectOk(up);
    expect(opsOf(up)).toMatchObject({ kept: "update", gone: "create" });
    expect(stack.object("kept")).toMatchObject({ content: "one" });
  });
});

describe("harness: a create-before-delete replace whose create fails with an init error", () => {
  const stack = new Stack();
  afterAll(() => stack.remove());
  const v1: Spec[] = [{ name: "r", content: "x" }];
  // fileName changes: a create-first replace; the new object needs two attempts, so its create is an init error.
  const v2: Spec[] = [{ name: "r", content: "x", fileName: "r2", initAttempts: 2 }];
  const entries = (): ResourceState[] => stack.harness([]).readState().resources.filter((x) => x.urn.endsWith("::r"));

  test("a replace runs Check again without olds (recompute the defaults), in preview too", async () => {
    expectOk(await stack.harness(v1).up());
    const before = stack.checks().length;
    const p = await stack.harness(v2).preview();
    expectOk(p);
    expect(fileSteps(p)).toMatchObject([{ op: "replace", replaceKeys: ["fileName"] }]);
    // First with the old inputs (to diff), then, since it is a replace, with none.
    expect(stack.checks().slice(before)).toEqual(["check r2 olds=r", "check r2 olds=-"]);
  });

  test("the old resource stays in state pending delete, and a later successful up deletes it", async () => {
    const old = stack.resource("r")!;
    const [r, ops] = await stack.opsDuring(() => stack.harness(v2).up());
    expect(r.ok).toBe(false);
    expect(r.error).toContain("is not ready yet");
    expect(fileSteps(r)).toMatchObject([{ op: "replace", ok: false, deleteBeforeReplace: false }]);
    const created = stack.resource("r")!;
    expect(created.id).toMatch(/^r2-/);
    expect(created.initErrors).toEqual(["not ready after 1 attempt(s)"]);
    expect(ops).toEqual([`create ${created.id}`]);
    // CreateStep.Apply marks the old one Delete after a partial failure too: it is kept, pending delete.
    expect(entries()).toHaveLength(2);
    expect(entries().find((x) => x.delete)).toMatchObject({ id: old.id, delete: true });
    expect(stack.object("r")).toMatchObject({ id: old.id });

    const [next, nextOps] = await stack.opsDuring(() => stack.harness(v2).up());
    expectOk(next);
    expect([...nextOps].sort()).toEqual([`delete ${old.id}`, `update ${created.id}`].sort());
    expect(entries()).toHaveLength(1);
    expect(stack.resource("r")).toMatchObject({ id: created.id, outputs: { ready: true } });
    expect(stack.object("r")).toBeUndefined();
    expect(stack.object("r2")).toMatchObject({ id: created.id, ready: true });
  });

  test("pending deletes are completed before the program runs, even when the run then fails", async () => {
    // Another failed create-first replace leaves r2 pending delete.
    const v3: Spec[] = [{ name: "r", content: "x", fileName: "r3", initAttempts: 2 }];
    const pending = stack.resource("r")!;
    expect((await stack.harness(v3).up()).ok).toBe(false);
    const live = stack.resource("r")!;
    expect(entries().find((x) => x.delete)).toMatchObject({ id: pending.id });

    // Preview plans the delete first and calls nothing.
    const [p, previewOps] = await stack.opsDuring(() => stack.harness(v3).preview());
    expectOk(p);
    expect(fileSteps(p)[0]).toMatchObject({ op: "delete", pendingDelete: true, ok: true });
    expect(p.planText).toContain(`-   ${TYPE}  r (completing deletion from previous update)`);
    expect(previewOps).toEqual([]);

    // An up whose program fails (a Check failure) still completes the deletion, first.
    const [r, ops] = await stack.opsDuring(() => stack.harness([{ name: "r", content: "x", fileName: "not a file name" }]).up());
    expect(r.ok).toBe(false);
    expect(r.error).toContain("must be a simple file name");
    expect(ops).toEqual([`delete ${pending.id}`]);
    expect(stack.object("r2")).toBeUndefined();
    expect(entries()).toEqual([expect.objectContaining({ id: live.id })]);
    expect(entries()[0].delete).toBeUndefined();
  });
});

describe("harness: a `get` resource that the program later manages", () => {
  const stack = new Stack();
  afterAll(() => stack.remove());
  const src: Spec[] = [{ name: "src", content: "one" }];

  test("is not diffed: Check without olds, a new object takes its place, the read one is forgotten, not deleted", async () => {
    expectOk(await stack.harness(src).up());
    const id = stack.resource("src")!.id!;
    expectOk(await stack.harness(src, { getId: id }).up());
    expect(stack.harness([]).readState().resources.find((x) => x.urn.endsWith("::looked-up"))).toMatchObject({ external: true, id });

    const before = stack.journal().length;
    const specs: Spec[] = [...src, { name: "looked-up", fileName: "mine", content: "two" }];
    const [r, ops] = await stack.opsDuring(() => stack.harness(specs).up());
    expectOk(r);
    expect(opsOf(r)).toEqual({ src: "same", "looked-up": "replace" });
    const mine = stack.resource("looked-up")!;
    expect(mine.id).toMatch(/^mine-/);
    expect(mine.external).toBeUndefined();
    expect(ops).toEqual([`create ${mine.id}`]);
    const journal = stack.journal().slice(before);
    expect(journal).toContain("check mine olds=-");
    // The only Diff on that id is src's own (the `get` read the same object).
    expect(journal.filter((l) => l === `diff ${id}`)).toHaveLength(1);
    expect(stack.object("src")).toMatchObject({ id, content: "one" });
    expect(stack.harness([]).readState().resources.filter((x) => x.urn.endsWith("::looked-up"))).toHaveLength(1);
  });
});

describe("harness: every operation has a deadline", () => {
  const stack = new Stack();
  afterAll(() => stack.remove());
  const specs: Spec[] = [{ name: "d", content: "x" }];
  const deadline = { operationTimeoutMs: 4000 };

  beforeAll(async () => {
    expectOk(await stack.harness(specs).up());
  });

  test("refresh whose Read hangs fails at the deadline and leaves no provider host running", async () => {
    const start = Date.now();
    const r = await stack.harness(specs, { hang: "read" }, deadline).refresh();
    expect(r.ok).toBe(false);
    expect(r.error).toContain("operation timed out after 4000 ms while refreshing");
    expect(Date.now() - start).toBeLessThan(15_000);
    expect(await exits(stack.lastHostPid())).toBe(true);
    expect(stack.resource("d")).toBeDefined();
  });

  test("destroy whose Delete hangs fails at the deadline and leaves no provider host running", async () => {
    const start = Date.now();
    const r = await stack.harness(specs, { hang: "delete" }, deadline).destroy();
    expect(r.ok).toBe(false);
    expect(r.error).toContain("operation timed out after 4000 ms while deleting resources");
    expect(Date.now() - start).toBeLessThan(15_000);
    expect(await exits(stack.lastHostPid())).toBe(true);
    expect(stack.resource("d")).toBeDefined();
  });

  test("up whose program dies while a Create hangs fails at the deadline instead of waiting for it", async () => {
    const start = Date.now();
    const more: Spec[] = [...specs, { name: "e", content: "y" }];
    const r = await stack.harness(more, { hang: "create", exitAfterMs: "1000", exportOutputs: "false" }, { operationTimeoutMs: 6000 }).up();
    expect(r.ok).toBe(false);
    expect(r.error).toContain("program exited with code 1");
    expect(r.error).toContain("operation timed out after 6000 ms while waiting for the program's registrations");
    expect(Date.now() - start).toBeLessThan(15_000);
    expect(await exits(stack.lastHostPid())).toBe(true);
    expect(stack.resource("e")).toBeUndefined();
    expect(stack.resource("d")).toBeDefined();
  });

  test("up whose Create hangs: the program is killed at the operation's deadline, not at programTimeoutMs", async () => {
    const start = Date.now();
    const more: Spec[] = [...specs, { name: "e", content: "y" }];
    const r = await stack.harness(more, { hang: "create", exportOutputs: "false" }, { operationTimeoutMs: 5000, programTimeoutMs: 50_000 }).up();
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/program timed out after \d+ ms and was killed/);
    expect(Date.now() - start).toBeLessThan(15_000);
    expect(await exits(stack.lastHostPid())).toBe(true);
    expect(stack.resource("d")).toBeDefined();
  });
});

describe("harness: provider host start-up", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-host-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("a host that never prints its port is killed at the handshake timeout", async () => {
    // Preloaded into the host: records its pid, then blocks before the host can print its port.
    const hang = path.join(dir, "hang.js");
    const pidFile = path.join(dir, "pid");
    fs.writeFileSync(hang, `require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nAtomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\n`);
    const start = ProviderHost.start({
      cwd: FIXTURE,
      project: "harness-fixture",
      env: { ...process.env, NODE_OPTIONS: `--require ${hang}` },
      onLog: () => undefined,
      handshakeTimeoutMs: 2000,
    });
    await expect(start).rejects.toThrow("did not print its port within 2000 ms");
    const pid = Number(fs.readFileSync(pidFile, "utf8"));
    try {
      expect(await exits(pid)).toBe(true);
    } finally {
      if (isAlive(pid)) process.kill(pid, "SIGKILL");
    }
  });

  test("a host that cannot be spawned makes start() reject (no error thrown in the test process)", async () => {
    const start = ProviderHost.start({ cwd: path.join(dir, "missing"), project: "harness-fixture", env: process.env, onLog: () => undefined, handshakeTimeoutMs: 20_000 });
    await expect(start).rejects.toThrow(/could not start the provider host: spawn .* ENOENT/);
  });
});
