/**
 * The cloud contract, one suite for every cloud: the same cases through the real @pulumi/pulumi
 * dynamic-provider host (over its gRPC protocol) against the emulator, with the cloud's official SDK under
 * the provider. A cloud joins with a fixture (tests/contract/<cloud>.test.ts) and inherits every case.
 */
import * as path from "path";
import { startEmulator, type Emulator } from "../../emulator";
import { CLOUD_DEFINITIONS } from "../../provider/clouds";
import { STATE_OUTPUT } from "../../provider/core/outputs";
import { InitError, ProviderHost } from "../../drivers/provider-host";
import { captureSerializedProviders } from "../../drivers/serialized";
import type { Json, PropertyMap } from "../../drivers/wire";
import { CONFIG_VARIABLES, PACKAGE } from "../../provider/plugin/config";
import { pluginTypeOf } from "../../provider/plugin/schema";

export interface EmulatedImage {
    id: string;
    name: string;
}

export interface CloudFixture {
    /** The cloud as the emulator and the runtime name it ("tencent-cvm"). */
    cloud: string;
    /** The resource's Pulumi type token. */
    type: string;
    /** Constructs the resource once, so its serialized provider can be captured. */
    construct(name: string): void;
    /** Valid inputs for an image of this name (unique per case); a cloud that imports from another may seed the source. */
    inputs(name: string, emu: Emulator): PropertyMap;
    /** The same, with a source the emulator fails to import. */
    failing(inputs: PropertyMap): PropertyMap;
    /** The same, with a source whose import takes `SLOW_MS` on the emulator (the "slow" marker). */
    slow(inputs: PropertyMap): PropertyMap;
    /** Stack config for the provider host's Configure: credentials (secret where they are) and the endpoint. */
    config(emu: Emulator, o?: { wrongSecret?: boolean }): PropertyMap;
    images(emu: Emulator): EmulatedImage[];
    /** What an import made besides the image (snapshots...) and still exists, by id. */
    leftovers(emu: Emulator): string[];
    /** The cloud's actions, as its fault injection names them. */
    actions: { importImage: string; describe: string; deleteImage: string };
    /** A change made outside Pulumi with the official SDK. */
    renameOutside(emu: Emulator, id: string, name: string): Promise<void>;
    deleteOutside(emu: Emulator, id: string): Promise<void>;
    /** Inputs that pass the documented rules but not the cloud's own tables, and the field they fail on. */
    refusedByTables(inputs: PropertyMap): { inputs: PropertyMap; field: string };
    /** The cloud's throttling error code, and one that says the image is in use. */
    throttleCode: string;
    busyCode: string;
    /** Somebody else imports exactly what `inputs(name)` imports (name, source, OS), with the official SDK; returns its id. */
    importOutside(emu: Emulator, name: string): Promise<string>;
    /** The ready state's name. */
    readyState: string;
}

export const SLOW_MS = 1500;
const ROOT = path.resolve(__dirname, "../..");
const PLUGIN_SCRIPT = path.join(ROOT, "dist/provider/plugin/main.js");

/**
 * The same cases run through either front end: the dynamic-provider host with the resource's serialized
 * provider and the stack config it is given (`tencentcloud:secretId`...), or the provider plugin
 * (pulumi-resource-image-import) with the package's type token and its own variables (`image-import:...`).
 */
export type FrontEnd = "dynamic" | "plugin";

/** The fixture's stack config as the plugin's Configure variables: each key's variable under the package namespace. */
function pluginVariables(config: PropertyMap): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(config)) {
        const variable = CONFIG_VARIABLES.find((c) => c.key === k);
        if (!variable) throw new Error(`no plugin variable for ${k}`);
        const plain = v && typeof v === "object" && !Array.isArray(v) && "value" in v ? v.value : v;
        out[`${PACKAGE}:${variable.name}`] = String(plain);
    }
    return out;
}

export function describeCloudContract(f: CloudFixture, frontEnd: FrontEnd = "dynamic"): void {
    const def = CLOUD_DEFINITIONS[f.cloud];
    const plugin = frontEnd === "plugin";
    const type = plugin ? pluginTypeOf(def) : f.type;
    /** A provider process of this front end, configured with `config`. */
    const startProvider = async (config: PropertyMap, env: NodeJS.ProcessEnv, onLog: (l: string) => void) => {
        const p = await ProviderHost.start({ cwd: ROOT, project: "proj", env, onLog, script: plugin ? PLUGIN_SCRIPT : undefined });
        if (plugin) await p.configure({}, pluginVariables(config));
        else await p.configure(config);
        return p;
    };
    describe(`cloud contract (${frontEnd}): ${f.cloud}`, () => {
        let emu: Emulator;
        let host: ProviderHost;
        let providerText: string;
        const logs: string[] = [];
        let n = 0;
        const urn = (name: string) => `urn:pulumi:dev::proj::${type}::${name}`;
        /**
         * What the program sends for a resource: the dynamic resource adds its serialized provider and its token
         * (computed from the stack and its name; here, one per case); the plugin computes the token from the URN.
         */
        const sent = (name: string, inputs: PropertyMap): PropertyMap => (plugin ? inputs : { __provider: providerText, __imageImport: { token: `token-${name}` }, ...inputs });
        /** Inputs of a fresh resource, as the engine sends them: checked. */
        const fresh = async (shape: (i: PropertyMap) => PropertyMap = (i) => i) => {
            const name = `contract-${++n}`;
            const checked = await host.check(urn(name), {}, sent(name, shape(f.inputs(name, emu))));
            expect(checked.failures).toEqual([]);
            return { name, urn: urn(name), inputs: checked.inputs };
        };

        beforeAll(async () => {
            providerText = plugin ? "" : Object.values(await captureSerializedProviders(() => f.construct("captured")))[0];
            emu = await startEmulator({ importDelayMs: 200, importDelayBySource: { slow: SLOW_MS } });
            const env = { ...process.env };
            // Credentials reach the provider only through Configure.
            for (const k of Object.keys(env)) if (/^(TENCENTCLOUD_|JDCLOUD_|ALIBABA_CLOUD_|ALICLOUD_|IMAGE_IMPORT_)/.test(k)) delete env[k];
            // The plugin reads an image by id alone (`pulumi import`) in the provider's region.
            const regions: PropertyMap = plugin ? { "tencentcloud:region": emu.env.TENCENTCLOUD_REGION, "jdcloud:region": emu.env.JDCLOUD_REGION, "alicloud:region": emu.env.ALIBABA_CLOUD_REGION } : {};
            host = await startProvider({ ...f.config(emu), ...regions, "imageImport:pollInterval": "50ms", "imageImport:maxPollInterval": "400ms" }, env, (l) => logs.push(l));
        }, 60_000);
        afterAll(async () => {
            await host?.close();
            await emu?.close();
        });
        beforeEach(() => {
            emu.faults.clear();
            Object.assign(emu.options, { listingLagMs: 0, lookupLagMs: 0 });
        });
        const ours = () => f.images(emu).map((i) => i.id);
        // Every case ends with what it made deleted: nothing orphaned, and nothing an import made left behind.
        afterEach(() => {
            expect(f.images(emu)).toEqual([]);
            expect(f.leftovers(emu)).toEqual([]);
        });

        test("create waits until the image is ready and records it", async () => {
            const r = await fresh();
            const { id, outputs } = await host.create(r.urn, r.inputs);
            expect(outputs).toMatchObject({ imageId: id, [STATE_OUTPUT]: f.readyState });
            // An output kept under its old name for a release has the same value.
            for (const [key, spec] of Object.entries(def.schema.outputs)) if (spec.aliasOf) expect(outputs[key]).toBe(outputs[spec.aliasOf]);
            expect(f.images(emu).map((i) => i.id)).toContain(id);
            await host.delete(id, r.urn, outputs, r.inputs);
        });

        test("a failed import is an init error keeping the image, with the cloud's reason; delete removes it", async () => {
            const r = await fresh(f.failing);
            const e = await host.create(r.urn, r.inputs).then(() => undefined, (x) => x);
            expect(e).toBeInstanceOf(InitError);
            expect(e.reasons[0]).toMatch(/failed to import/);
            expect(f.images(emu).map((i) => i.id)).toContain(e.id);
            await host.delete(e.id, r.urn, e.properties, r.inputs);
            expect(f.images(emu).map((i) => i.id)).not.toContain(e.id);
        });

        test("a timeout keeps the image and update resumes it without a second import", async () => {
            const r = await fresh((i) => ({ ...f.slow(i), timeouts: { create: "100ms" } }));
            const e = await host.create(r.urn, r.inputs).then(() => undefined, (x) => x);
            expect(e).toBeInstanceOf(InitError);
            expect(e.reasons[0]).toMatch(/timed out after 100ms/);
            const imports = emu.log.query({ action: f.actions.importImage }).length;
            const outs = await host.update(e.id, r.urn, e.properties, r.inputs, r.inputs);
            expect(outs).toMatchObject({ imageId: e.id, [STATE_OUTPUT]: f.readyState });
            expect(emu.log.query({ action: f.actions.importImage })).toHaveLength(imports);
            await host.delete(e.id, r.urn, outs, r.inputs);
        });

        test.each(["importImage", "describe", "deleteImage"] as const)("a response lost on %s: still one image, and delete still ends it", async (action) => {
            const r = await fresh();
            const before = f.images(emu).length;
            emu.faults.add({ cloud: f.cloud, action: f.actions[action], times: 1, mode: "drop" });
            const { id, outputs } = await host.create(r.urn, r.inputs);
            expect(f.images(emu)).toHaveLength(before + 1);
            await host.delete(id, r.urn, outputs, r.inputs);
            expect(f.images(emu).map((i) => i.id)).not.toContain(id);
        });

        test("a throttling burst on every call is waited out; no throttle error reaches the user", async () => {
            const r = await fresh();
            emu.faults.add({ cloud: f.cloud, action: "*", times: 3, mode: "error", code: f.throttleCode });
            const { id, outputs } = await host.create(r.urn, r.inputs);
            expect(outputs).toMatchObject({ [STATE_OUTPUT]: f.readyState });
            await host.delete(id, r.urn, outputs, r.inputs);
        });

        test("a rename outside Pulumi is read back; a delete outside Pulumi reads as gone", async () => {
            const r = await fresh();
            const { id, outputs } = await host.create(r.urn, r.inputs);
            await f.renameOutside(emu, id, `${r.name}-renamed`);
            const read = await host.read(id, r.urn, outputs, r.inputs);
            expect(read.id).toBe(id);
            expect(Object.values(read.outputs)).toContain(`${r.name}-renamed`);
            await f.deleteOutside(emu, id);
            expect((await host.read(id, r.urn, outputs, r.inputs)).id).toBe("");
        });

        test("delete twice: the second finds it gone and succeeds", async () => {
            const r = await fresh();
            const { id, outputs } = await host.create(r.urn, r.inputs);
            await host.delete(id, r.urn, outputs, r.inputs);
            await host.delete(id, r.urn, outputs, r.inputs);
        });

        test("a delete while the import still runs waits for it to settle, then deletes", async () => {
            const r = await fresh((i) => ({ ...f.slow(i), timeouts: { create: "50ms" } }));
            const e = await host.create(r.urn, r.inputs).then(() => undefined, (x) => x);
            expect(e).toBeInstanceOf(InitError);
            await host.delete(e.id, r.urn, e.properties, r.inputs);
            expect(f.images(emu).map((i) => i.id)).not.toContain(e.id);
        });

        test("wrong credentials: create fails naming the cause and imports nothing; delete never reads as done", async () => {
            const r = await fresh();
            const { id, outputs } = await host.create(r.urn, r.inputs);
            const other = await startProvider({ ...f.config(emu, { wrongSecret: true }), "imageImport:pollInterval": "50ms" }, process.env, () => undefined);
            try {
                const accepted = () => emu.log.query({ action: f.actions.importImage }).filter((l) => l.status === 200 && !l.errorCode).length;
                const imports = accepted();
                const e = await other.create(urn("wrong-creds"), { ...r.inputs, ...f.inputs("wrong-creds", emu) }).then(() => undefined, (x) => x);
                expect(String(e?.message)).toMatch(/auth|signature|credential|secret/i);
                expect(accepted()).toBe(imports);
                await expect(other.delete(id, r.urn, outputs, r.inputs)).rejects.toThrow();
                expect(f.images(emu).map((i) => i.id)).toContain(id);
            } finally {
                await other.close();
            }
            await host.delete(id, r.urn, outputs, r.inputs);
        });

        test("a lost import answer while listings lag longer than 30 s: found within the create timeout, one image", async () => {
            const r = await fresh();
            const before = f.images(emu).length;
            // Real time, not the emulator's clock: what is tested is the provider's own patience.
            emu.options.listingLagMs = 32_000;
            emu.faults.add({ cloud: f.cloud, action: f.actions.importImage, times: 1, mode: "drop" });
            const { id, outputs } = await host.create(r.urn, r.inputs);
            expect(outputs).toMatchObject({ imageId: id, [STATE_OUTPUT]: f.readyState });
            expect(f.images(emu)).toHaveLength(before + 1);
            await host.delete(id, r.urn, outputs, r.inputs);
        }, 60_000);

        test("an empty describe right after the import is lag, not a deletion", async () => {
            const r = await fresh();
            emu.options.lookupLagMs = 1000;
            const { id, outputs } = await host.create(r.urn, r.inputs);
            expect(outputs).toMatchObject({ imageId: id, [STATE_OUTPUT]: f.readyState });
            await host.delete(id, r.urn, outputs, r.inputs);
        });

        /**
         * Somebody else imports exactly what this resource imports, while this create's outcome is unknown and
         * the listing lags: their image is never taken, and never deleted. The create fails with nothing of its
         * own left (where the cloud refuses a second import, naming the field; elsewhere when the cloud's
         * patience with a lost answer outlasts the create timeout), or ends with an image of its own.
         */
        const neverTakesTheirs = async (r: Awaited<ReturnType<typeof fresh>>, creating: Promise<any>, theirs: string) => {
            try {
                const done = await creating;
                if (done instanceof Error) {
                    expect(done).not.toBeInstanceOf(InitError);
                    if (def.conflict) expect(done.message).toMatch(/^(imageName|sourceImageId): /);
                    expect(ours()).toEqual([theirs]);
                } else {
                    // Only where nothing refuses a second import.
                    expect(def.conflict).toBeUndefined();
                    expect(done.id).not.toBe(theirs);
                    expect(ours().sort()).toEqual([done.id, theirs].sort());
                    await host.delete(done.id, r.urn, done.outputs, r.inputs);
                }
                expect(ours()).toEqual([theirs]);
            } finally {
                await f.deleteOutside(emu, theirs);
            }
        };

        test("an import whose first attempt failed unseen, with the same inputs imported by somebody else meanwhile: theirs is never taken", async () => {
            const r = await fresh((i) => ({ ...i, timeouts: { create: "4s" } }));
            emu.options.listingLagMs = 1000;
            // The first attempt never reaches the cloud, but the provider cannot know that.
            emu.faults.add({ cloud: f.cloud, action: f.actions.importImage, times: 1, mode: "gateway" });
            const creating = host.create(r.urn, r.inputs).then((done) => done, (x) => x);
            await new Promise((res) => setTimeout(res, 300));
            await neverTakesTheirs(r, creating, await f.importOutside(emu, r.name));
        });

        test("the same inputs imported by somebody else just before ours, our answer lost and the listing lagging: theirs is never taken", async () => {
            const r = await fresh((i) => ({ ...i, timeouts: { create: "4s" } }));
            const theirs = await f.importOutside(emu, r.name);
            emu.options.listingLagMs = 1000;
            emu.faults.add({ cloud: f.cloud, action: f.actions.importImage, times: 1, mode: "drop" });
            await neverTakesTheirs(r, host.create(r.urn, r.inputs).then((done) => done, (x) => x), theirs);
        });

        test("an import accepted but not found before the create timeout: nothing is lost, and the next up ends with one image, in the stack, ready", async () => {
            const r = await fresh((i) => ({ ...i, timeouts: { create: "1s" } }));
            Object.assign(emu.options, { listingLagMs: 3000, lookupLagMs: 3000 });
            emu.faults.add({ cloud: f.cloud, action: f.actions.importImage, times: 1, mode: "drop" });
            const first = await host.create(r.urn, r.inputs).then(() => undefined, (x) => x);
            expect(first).toBeInstanceOf(Error);
            Object.assign(emu.options, { listingLagMs: 0, lookupLagMs: 0 });
            const inputs = { ...r.inputs, timeouts: {} };
            // An init error put the image in the stack, and `up` resumes it; otherwise `up` creates again.
            const { id, outputs } =
                first instanceof InitError ? { id: first.id, outputs: await host.update(first.id, r.urn, first.properties, inputs, inputs) } : await host.create(r.urn, inputs);
            expect(outputs).toMatchObject({ imageId: id, [STATE_OUTPUT]: f.readyState });
            expect(ours()).toEqual([id]);
            await host.delete(id, r.urn, outputs, inputs);
        }, 30_000);

        test("a refresh right after an import, while look-ups lag, keeps the image", async () => {
            const r = await fresh();
            const { id, outputs } = await host.create(r.urn, r.inputs);
            Object.assign(emu.options, { listingLagMs: 2500, lookupLagMs: 2500 });
            const read = await host.read(id, r.urn, outputs, r.inputs);
            expect(read.id).toBe(id);
            expect(read.outputs).toMatchObject({ imageId: id, [STATE_OUTPUT]: f.readyState });
            Object.assign(emu.options, { listingLagMs: 0, lookupLagMs: 0 });
            await host.delete(id, r.urn, outputs, r.inputs);
        });

        test("a process killed mid-wait: the next create takes its image back by the mark, one image, ready and named as wanted", async () => {
            const r = await fresh(f.slow);
            const before = f.images(emu).map((i) => i.id);
            const doomed = await startProvider({ ...f.config(emu), "imageImport:pollInterval": "50ms" }, process.env, () => undefined);
            const lost = doomed.create(r.urn, r.inputs).then(() => undefined, (x) => x);
            while (f.images(emu).length === before.length) await new Promise((res) => setTimeout(res, 50));
            await doomed.close();
            expect(await lost).toBeInstanceOf(Error);
            const orphan = f.images(emu).find((i) => !before.includes(i.id))!.id;
            const { id, outputs } = await host.create(r.urn, r.inputs);
            expect(id).toBe(orphan);
            expect(outputs).toMatchObject({ imageId: id, [STATE_OUTPUT]: f.readyState });
            expect(f.images(emu)).toHaveLength(before.length + 1);
            // Sealed: the image has the wanted values, and a replacement with the same inputs never takes it back.
            const image = f.images(emu).find((i) => i.id === id)!;
            expect(image.name).toBe(r.inputs.imageName);
            expect(JSON.stringify(image)).not.toMatch(/pulumi-import-[0-9a-f]{18}/);
            await host.delete(id, r.urn, outputs, r.inputs);
        });

        test("inputs the documented rules refuse fail in check naming the field and the rule: an adopted id of another shape, an empty string where a length is documented", async () => {
            const name = `contract-${++n}`;
            const check = (inputs: PropertyMap) => host.check(urn(name), {}, sent(name, inputs));
            // adoptImageId is the dynamic resources' own (the plugin serves `pulumi import` instead).
            for (const bad of plugin ? [] : ["not-an-id", "img-1234567", "m-", " "]) {
                const { failures } = await check({ ...f.inputs(name, emu), adoptImageId: bad });
                expect(failures).toEqual([{ property: "adoptImageId", reason: def.schema.imageId.rule }]);
            }
            for (const [key, spec] of Object.entries(def.schema.inputs).filter(([, spec]) => spec.minLength && !spec.required)) {
                const { failures } = await check({ ...f.inputs(name, emu), [key]: "" });
                expect(failures).toEqual([{ property: key, reason: `must be at least ${spec.minLength} characters, got 0` }]);
            }
        });

        (plugin ? test.skip : test)("adoptImageId takes an existing image that matches, with no import; one that does not match is refused", async () => {
            const r = await fresh();
            const theirs = await f.importOutside(emu, r.name);
            const imports = emu.log.query({ action: f.actions.importImage }).length;
            const mismatched = await host.create(r.urn, { ...r.inputs, ...f.inputs(`${r.name}-other`, emu), __imageImport: r.inputs.__imageImport, adoptImageId: theirs }).then(() => undefined, (x) => x);
            expect(mismatched?.message).toMatch(/^adoptImageId: image .* does not match/);
            const { id, outputs } = await host.create(r.urn, { ...r.inputs, adoptImageId: theirs });
            expect(id).toBe(theirs);
            expect(outputs).toMatchObject({ [STATE_OUTPUT]: f.readyState });
            expect(emu.log.query({ action: f.actions.importImage })).toHaveLength(imports);
            await host.delete(id, r.urn, outputs, r.inputs);
        });

        test("a delete the cloud keeps refusing ends with its reason and what to do, one line per reason", async () => {
            const r = await fresh((i) => ({ ...i, timeouts: { delete: "1s" } }));
            const { id, outputs } = await host.create(r.urn, r.inputs);
            emu.faults.add({ cloud: f.cloud, action: f.actions.deleteImage, times: 1000, mode: "error", code: f.busyCode });
            const from = logs.length;
            const e = await host.delete(id, r.urn, outputs, r.inputs).then(() => undefined, (x) => x);
            expect(e?.message).toContain(f.busyCode);
            expect(e?.message).toMatch(/remove them first/);
            expect(logs.slice(from).filter((l) => l.includes(`${id}: busy`))).toHaveLength(1);
            emu.faults.clear();
            // With the cloud's own time to delete (JD shows a deleting image for a while).
            await host.delete(id, r.urn, { ...outputs, timeouts: {} }, r.inputs);
        });

        test("a create timeout of 25 days or more waits, rather than timing out at once", async () => {
            const r = await fresh((i) => ({ ...i, timeouts: { create: "600h" } }));
            const { id, outputs } = await host.create(r.urn, r.inputs);
            expect(outputs).toMatchObject({ [STATE_OUTPUT]: f.readyState });
            await host.delete(id, r.urn, outputs, r.inputs);
        });

        test("what the cloud's own tables refuse fails in check, naming the field, before anything is imported or deleted", async () => {
            const name = `contract-${++n}`;
            const refused = f.refusedByTables(f.inputs(name, emu));
            const before = emu.log.query({}).filter((l) => l.action === f.actions.importImage || l.action === f.actions.deleteImage).length;
            const checked = await host.check(urn(name), {}, sent(name, refused.inputs));
            expect(checked.failures.map((x) => x.property)).toEqual([refused.field]);
            expect(emu.log.query({}).filter((l) => l.action === f.actions.importImage || l.action === f.actions.deleteImage)).toHaveLength(before);
        });

        (plugin ? test : test.skip)("pulumi import: read by id alone gives the inputs the cloud reports; they check, diff as no change, and delete ends the image", async () => {
            const theirs = await f.importOutside(emu, `contract-${++n}`);
            const name = `imported-${n}`;
            // An image made outside Pulumi, once it is ready (the emulator imports in moments).
            let read = await host.read(theirs, urn(name), {}, {});
            for (let i = 0; i < 50 && read.outputs[STATE_OUTPUT] !== f.readyState; i++) {
                await new Promise((res) => setTimeout(res, 100));
                read = await host.read(theirs, urn(name), {}, {});
            }
            expect(read.id).toBe(theirs);
            expect(read.outputs).toMatchObject({ imageId: theirs, [STATE_OUTPUT]: f.readyState });
            expect(read.inputs).toMatchObject({ __imageImport: { imported: true } });
            // What the cloud does not report (the source) is not asked for of an imported image.
            const checked = await host.check(urn(name), read.inputs!, read.inputs!);
            expect(checked.failures).toEqual([]);
            const d = await host.diff(theirs, urn(name), read.outputs, checked.inputs, read.inputs!);
            expect(d.changes).toBe("none");
            await host.delete(theirs, urn(name), read.outputs, read.inputs!);
            expect(ours()).toEqual([]);
        });

        (plugin ? test : test.skip)("customTimeouts reach the plugin: the engine's create timeout is the deadline where timeouts.create is unset, and is not recorded", async () => {
            const r = await fresh(f.slow);
            const e = await host.create(r.urn, r.inputs, { timeoutSeconds: 0.2 }).then(() => undefined, (x) => x);
            expect(e).toBeInstanceOf(InitError);
            expect(e.reasons[0]).toMatch(/1s \(timeouts\.create\)/);
            expect(e.properties.timeouts).toBeUndefined();
            const outs = await host.update(e.id, r.urn, e.properties, r.inputs, r.inputs);
            expect(outs.timeouts).toBeUndefined();
            await host.delete(e.id, r.urn, outs, r.inputs);
        });

        test("no secret reaches outputs, errors, the provider's output or the serialized provider", async () => {
            const secrets = Object.values(f.config(emu)).flatMap((v: Json) => (v && typeof v === "object" && !Array.isArray(v) && "value" in v ? [String(v.value)] : []));
            expect(secrets.length).toBeGreaterThan(0);
            const r = await fresh();
            const { id, outputs } = await host.create(r.urn, r.inputs);
            await host.delete(id, r.urn, outputs, r.inputs);
            // The error of a failed import carries no secret either.
            const failing = await fresh(f.failing);
            const e = await host.create(failing.urn, failing.inputs).then(() => undefined, (x) => x);
            await host.delete(e.id, failing.urn, e.properties, failing.inputs);
            const shown = [JSON.stringify(outputs), String(e?.message), JSON.stringify(e?.properties), logs.join("\n"), providerText].join("\n");
            for (const s of secrets) expect(shown).not.toContain(s);
        });
    });
}
