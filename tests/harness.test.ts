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
import { Harness, OperationResult, ResourceState, Step, UNKNOWN } from "./harness";
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

  harness(specs: Spec[], extra: Record<string, string> = {}): Harness {
    return new Harness({
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
