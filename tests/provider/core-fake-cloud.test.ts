/**
 * The core's own rules, against an in-memory fake cloud (never a stand-in for a real one: the clouds run
 * against the emulator with their official SDKs). What is tested here is what the core decides: resume,
 * the not-found grace, lost responses, batching, heartbeats and init errors.
 */
import { markOf } from "../../provider/core/mark";
import { NOT_OURS, type CloudDefinition, type ImageApi, type ImageRef, type ImportAttempt, type ImportOutcome, type Inputs } from "../../provider/core/cloud";
import { CloudError, InitError } from "../../provider/core/errors";
import { ImportedImageProvider } from "../../provider/core/lifecycle";
import { Poller } from "../../provider/core/poller";
import { Settings } from "../../provider/core/settings";
import type { CloudImage } from "../../provider/core/status";
import { rejection } from "../support/cloud";

interface FakeImage {
    name: string;
    /** Set after the import only (like ECM's name); the cloud picks one at import. */
    label?: string;
    /** The import's mark, as a cloud keeps it. */
    mark: string;
    readyAt: number;
    fails: boolean;
    createdAt: number;
    /** What the cloud reports for tags: an empty map where none were given, as CVM does. */
    tags?: Record<string, string>;
    /** Deleted, but still listed as it was until then (a cloud that deletes in the background). */
    goneAt?: number;
}

/** A cloud whose answers a test scripts: images become ready at a time, describes may omit new ones. */
class FakeCloud implements ImageApi {
    readonly pollGroup = "fake|account|region";
    readonly batchSize = 3;
    readonly images = new Map<string, FakeImage>();
    describeCalls: string[][] = [];
    importCalls = 0;
    /** The next import is accepted, but its answer is lost. */
    loseNextAnswer = false;
    /** Describes omit images younger than this (listing lag). */
    unlistedForMs = 0;
    /** Imports answer with no id (the image must be found). */
    answersWithoutId = false;
    /** modify refuses (a name held by another image). */
    refuseModify = false;
    /** Names are unique, as on CVM: a second import of a name is a conflict. */
    uniqueNames = true;
    /** A delete is accepted, and the image listed as it was for this long. */
    deleteLagMs = 0;
    /** The import's answer carries this word for the user. */
    note?: string;
    modifyCalls: Record<string, unknown>[] = [];
    private seq = 0;

    async describe(refs: readonly ImageRef[]): Promise<Map<string, CloudImage>> {
        this.describeCalls.push(refs.map((r) => r.id));
        const now = Date.now();
        const out = new Map<string, CloudImage>();
        for (const { id } of refs) {
            const img = this.images.get(id);
            if (!img || now - img.createdAt < this.unlistedForMs || (img.goneAt !== undefined && now >= img.goneAt)) continue;
            out.set(id, { state: now < img.readyAt ? "IMPORTING" : img.fails ? "BROKEN" : "DONE", outputs: { size: 1, label: img.label ?? "cloud-label", tags: img.tags ?? {} } });
        }
        return out;
    }

    async importImage(inputs: Inputs, attempt: ImportAttempt): Promise<ImportOutcome> {
        this.importCalls++;
        const name = String(inputs.name);
        if (this.uniqueNames && [...this.images.values()].some((i) => i.name === name)) {
            throw new CloudError({ cloud: "Fake", action: "Import", code: "Name.Duplicate", message: "taken", kind: "conflict" });
        }
        const id = `img-${++this.seq}`;
        const tags = (inputs.tags ?? {}) as Record<string, string>;
        this.images.set(id, { name, mark: attempt.mark, readyAt: Date.now() + Number(inputs.importMs ?? 100), fails: Boolean(inputs.fails), createdAt: Date.now(), tags });
        if (this.loseNextAnswer) {
            this.loseNextAnswer = false;
            throw new CloudError({ cloud: "Fake", action: "Import", code: "NetworkError", message: "socket hang up", kind: "transient" });
        }
        return { ...(this.answersWithoutId ? {} : { id, tracking: { task: `task-${id}` } }), note: this.note };
    }

    /** The listed images of the name with this import's mark; with unique names, one without it is not ours. */
    async findImported(inputs: Inputs, attempt: ImportAttempt): Promise<ImageRef[] | typeof NOT_OURS> {
        const now = Date.now();
        const listed = [...this.images].filter(([, img]) => img.name === inputs.name && now - img.createdAt >= this.unlistedForMs);
        const ours = listed.filter(([, img]) => img.mark === attempt.mark).map(([id]) => ({ id }));
        return this.uniqueNames && listed.length && !ours.length ? NOT_OURS : ours;
    }

    async modify(ref: ImageRef, params: Record<string, unknown>): Promise<void> {
        this.modifyCalls.push(params);
        if (this.refuseModify) throw new CloudError({ cloud: "Fake", action: "Modify", code: "Label.Duplicate", message: "taken", kind: "conflict" });
        this.images.get(ref.id)!.label = String(params.Label);
    }

    async deleteImage(ref: ImageRef): Promise<void> {
        const img = this.images.get(ref.id);
        if (!img || (img.goneAt !== undefined && Date.now() >= img.goneAt)) throw new CloudError({ cloud: "Fake", action: "Delete", code: "NotFound", message: "gone", kind: "not-found" });
        if (this.deleteLagMs) img.goneAt ??= Date.now() + this.deleteLagMs;
        else this.images.delete(ref.id);
    }
}

let fake: FakeCloud;
let logs: string[];
let provider: ImportedImageProvider;

function definition(overrides: Partial<CloudDefinition> = {}): CloudDefinition {
    return {
        identity: { key: "fake", title: "Fake", resource: "FakeImportedImage" },
        schema: {
            imageId: { re: /^img-\d+$/, rule: "must be a fake image id" },
            inputs: {
                name: { type: "string", doc: "", required: true, change: "replace" },
                importMs: { type: "integer", doc: "", change: "replace" },
                fails: { type: "boolean", doc: "", change: "replace" },
                label: { type: "string", doc: "", change: "replace", computedWhenUnset: true, setAfterImport: true, apiName: "Label" },
                tags: { type: "map", doc: "", change: "replace" },
                timeouts: { type: "timeouts", doc: "", change: "local" },
            },
            outputs: { imageId: { type: "string", doc: "" }, imageState: { type: "string", doc: "" } },
        },
        states: { ready: ["DONE"], failed: ["BROKEN"], failedReason: (s) => `it broke (${s})` },
        notFoundGraceMs: 2000,
        conflict: { explain: (_code, i) => ({ field: "name", advice: `"${i.name}" is taken` }) },
        connect: () => fake,
        ...overrides,
    };
}

beforeEach(() => {
    fake = new FakeCloud();
    logs = [];
    const settings = new Settings({ get: (k) => ({ "imageImport:pollInterval": "20ms", "imageImport:maxPollInterval": "80ms" })[k] }, {});
    const poller = new Poller({ minIntervalMs: 20, maxIntervalMs: 80 });
    provider = new ImportedImageProvider(definition(), { settings: () => settings, poller: () => poller, log: (l) => logs.push(l) });
});

test("create returns once the declared ready state is reached, with the tracking data kept in state", async () => {
    const r = await provider.create({ name: "a" });
    expect(r.id).toBe("img-1");
    expect(r.outs).toMatchObject({ imageId: "img-1", imageState: "DONE", size: 1, __imageImport: { tracking: { task: "task-img-1" } } });
});

test("many waits in one group share batched describes", async () => {
    await Promise.all(Array.from({ length: 7 }, (_, i) => provider.create({ name: `n${i}`, importMs: 200 })));
    // 7 images in batches of at most 3: never one call per image per tick.
    expect(Math.max(...fake.describeCalls.map((c) => c.length))).toBe(3);
    const ticks = fake.describeCalls.filter((c) => c.length === 3).length;
    expect(fake.describeCalls.length).toBeLessThan(7 * 10);
    expect(ticks).toBeGreaterThan(0);
});

test("a failed state is an init error with the cloud's reason and the image's id and outputs", async () => {
    const e = await rejection(provider.create({ name: "f", fails: true }));
    expect(e).toBeInstanceOf(InitError);
    expect(e.message).toMatch(/failed to import: it broke \(BROKEN\)/);
    expect(e.id).toBe("img-1");
    expect(e.properties).toMatchObject({ imageId: "img-1", imageState: "BROKEN", __imageImport: { tracking: { task: "task-img-1" } } });
});

test("a timeout keeps the image (init error) and update resumes the wait without importing again", async () => {
    const e = await rejection(provider.create({ name: "slow", importMs: 400, timeouts: { create: "50ms" } }));
    expect(e).toBeInstanceOf(InitError);
    expect(e.message).toMatch(/timed out after 50ms \(timeouts\.create\).*next `pulumi up` resumes waiting/);
    expect((await provider.diff(e.id, e.properties, { name: "slow", importMs: 400 })).changes).toBe(true);
    const r = await provider.update(e.id, e.properties, { name: "slow", importMs: 400 });
    expect(r.outs).toMatchObject({ imageId: e.id, imageState: "DONE", __imageImport: { tracking: { task: `task-${e.id}` } } });
    expect(fake.importCalls).toBe(1);
    expect(logs.some((l) => l.includes("resuming the wait (state IMPORTING)"))).toBe(true);
});

test("right after the import, an image the listing does not show yet is lag, not a deletion", async () => {
    fake.unlistedForMs = 300;
    const r = await provider.create({ name: "lagging", importMs: 50 });
    expect(r.outs).toMatchObject({ imageState: "DONE" });
    expect(logs.some((l) => l.endsWith("img-1: not listed"))).toBe(true);
});

test("an image still not listed after the grace is kept in the stack, not lost", async () => {
    fake.unlistedForMs = 60_000;
    provider = new ImportedImageProvider(definition({ notFoundGraceMs: 100 }), (provider as any).rt);
    const e = await rejection(provider.create({ name: "vanished" }));
    expect(e).toBeInstanceOf(InitError);
    expect(e.id).toBe("img-1");
    expect(e.message).toMatch(/no longer listed while importing/);
});

test("a lost answer is recovered by this attempt's image, and never imports twice", async () => {
    fake.loseNextAnswer = true;
    const r = await provider.create({ name: "lost" });
    expect(r.id).toBe("img-1");
    expect(fake.images.size).toBe(1);
    expect(logs.some((l) => l.includes("recovered after a lost response (NetworkError)"))).toBe(true);
});

test("a lost answer while the listing lags: the retry's conflict means our image, found once listed", async () => {
    fake.loseNextAnswer = true;
    fake.unlistedForMs = 600;
    const r = await provider.create({ name: "lost-lagging" });
    expect(r.id).toBe("img-1");
    expect(fake.images.size).toBe(1);
    expect(fake.importCalls).toBe(2);
});

test("an answer without an id: the image is found with patience and recorded", async () => {
    fake.answersWithoutId = true;
    fake.unlistedForMs = 200;
    const r = await provider.create({ name: "no-id" });
    expect(r.id).toBe("img-1");
    expect(r.outs).toMatchObject({ imageState: "DONE" });
});

test("a conflict with somebody else's image fails at once naming the field, and adopts nothing", async () => {
    await provider.create({ name: "taken", __imageImport: { token: "theirs" } });
    const started = Date.now();
    const e = await rejection(provider.create({ name: "taken", __imageImport: { token: "mine" } }));
    expect(e).not.toBeInstanceOf(InitError);
    expect(e.message).toBe('name: "taken" is taken (Name.Duplicate; the image in the way did not come from this resource)');
    expect(Date.now() - started).toBeLessThan(1000);
});

test("a killed run's image, not listed yet, is waited for up to the grace and taken back", async () => {
    // The earlier run imported with this resource's mark and died before recording it.
    fake.images.set("img-99", { name: "killed", mark: markOf("this-resource", definition().schema, { name: "killed" }), readyAt: Date.now() + 100, fails: false, createdAt: Date.now() });
    fake.unlistedForMs = 500;
    const r = await provider.create({ name: "killed", __imageImport: { token: "this-resource" } });
    expect(r.id).toBe("img-99");
    expect(fake.images.size).toBe(1);
    expect(logs.some((l) => l.includes("an earlier run imported it and never recorded it"))).toBe(true);
});

test("one deadline for the whole create: the time spent finding the image counts against the wait, which never gets a fresh timeout", async () => {
    fake.answersWithoutId = true;
    fake.unlistedForMs = 400;
    const started = Date.now();
    const e = await rejection(provider.create({ name: "one-deadline", importMs: 5000, timeouts: { create: "700ms" } }));
    expect(e).toBeInstanceOf(InitError);
    expect(e.message).toMatch(/timed out after 700ms \(timeouts\.create\)/);
    // The find took some 600 ms of the 700: a second deadline for the wait would end near 1.3 s.
    expect(Date.now() - started).toBeLessThan(1000);
});

test("a long wait says it is alive while nothing changes", async () => {
    await provider.create({ name: "hb", importMs: 1500 });
    const importing = logs.filter((l) => /img-1: IMPORTING \(/.test(l));
    // The first report, then heartbeats at least every second while the state stays the same.
    expect(importing.length).toBeGreaterThanOrEqual(2);
});

test("read drops an image the cloud no longer lists; delete of a gone image is success", async () => {
    const r = await provider.create({ name: "d" });
    fake.images.clear();
    expect(await provider.read(r.id, r.outs)).toEqual({ id: "", props: {} });
    await expect(provider.delete(r.id, r.outs)).resolves.toBeUndefined();
});

describe("where the cloud accepts a second import (no conflict policy)", () => {
    beforeEach(() => {
        fake.uniqueNames = false;
        provider = new ImportedImageProvider(definition({ conflict: undefined }), (provider as any).rt);
    });

    test("a killed run's image, with this resource's mark, is taken back before anything is imported", async () => {
        fake.images.set("img-99", { name: "killed", mark: markOf("this-resource", definition().schema, { name: "killed" }), readyAt: 0, fails: false, createdAt: Date.now() });
        const r = await provider.create({ name: "killed", __imageImport: { token: "this-resource" } });
        expect(r.id).toBe("img-99");
        expect(fake.importCalls).toBe(0);
        expect(logs.some((l) => l.includes("an earlier run imported it and never recorded it"))).toBe(true);
    });

    test("an image of the same name without the mark (another resource's, or the same resource's with other inputs) is never taken", async () => {
        fake.images.set("img-98", { name: "same", mark: markOf("another", definition().schema, { name: "same" }), readyAt: 0, fails: false, createdAt: Date.now() });
        fake.images.set("img-99", { name: "same", mark: markOf("this-resource", definition().schema, { name: "same", importMs: 5 }), readyAt: 0, fails: false, createdAt: Date.now() });
        const r = await provider.create({ name: "same", __imageImport: { token: "this-resource" } });
        expect(r.id).toBe("img-1");
        expect(fake.importCalls).toBe(1);
    });

    test("two images with this create's mark (a lost import sent again, both accepted): one is recorded, the other deleted", async () => {
        const mark = markOf("this-resource", definition().schema, { name: "twice" });
        fake.images.set("img-98", { name: "twice", mark, readyAt: Date.now() + 200, fails: false, createdAt: Date.now() });
        fake.images.set("img-99", { name: "twice", mark, readyAt: Date.now() + 100, fails: false, createdAt: Date.now() });
        const r = await provider.create({ name: "twice", __imageImport: { token: "this-resource" } });
        expect(r.id).toBe("img-98");
        expect([...fake.images.keys()]).toEqual(["img-98"]);
        expect(logs.some((l) => l.includes("img-99: a second import of this resource"))).toBe(true);
    });

    test("a lost answer, looked for with the cloud's patience until the create's time is up, is not sent again: the next create takes it back", async () => {
        provider = new ImportedImageProvider(definition({ conflict: undefined, lostImportPatienceMs: 5_000 }), (provider as any).rt);
        fake.loseNextAnswer = true;
        fake.unlistedForMs = 60_000;
        const inputs = { name: "late", __imageImport: { token: "this-resource" }, timeouts: { create: "200ms" } };
        const e = await rejection(provider.create(inputs));
        expect(e.message).toMatch(/socket hang up|NetworkError/);
        expect(fake.importCalls).toBe(1);
        fake.unlistedForMs = 0;
        expect((await provider.create(inputs)).id).toBe("img-1");
        expect(fake.images.size).toBe(1);
    });
});

test("an import accepted but not listed before the create timeout: nothing recorded, and the next create takes it back by its mark", async () => {
    fake.answersWithoutId = true;
    fake.unlistedForMs = 60_000;
    const inputs = { name: "unlisted", __imageImport: { token: "this-resource" }, timeouts: { create: "300ms" } };
    const e = await rejection(provider.create(inputs));
    expect(e).not.toBeInstanceOf(InitError);
    expect(e.message).toMatch(/did not list its image before the create timeout; it carries this resource's mark/);
    fake.unlistedForMs = 0;
    const r = await provider.create(inputs);
    expect(r.id).toBe("img-1");
    expect(fake.images.size).toBe(1);
});

test("read right after the import, while the cloud does not show the image yet, keeps it; after the grace it is gone", async () => {
    const r = await provider.create({ name: "young" });
    fake.unlistedForMs = 500;
    fake.images.get(r.id)!.createdAt = Date.now();
    const read = await provider.read(r.id, r.outs);
    expect(read.id).toBe(r.id);
    fake.images.clear();
    provider = new ImportedImageProvider(definition({ notFoundGraceMs: 100 }), (provider as any).rt);
    await new Promise((res) => setTimeout(res, 150));
    expect((await provider.read(r.id, r.outs)).id).toBe("");
}, 10_000);

test("a state the cloud does not document is a failure when its name says so", async () => {
    provider = new ImportedImageProvider(definition({ states: { ready: ["DONE"], failed: [], failedPattern: /BROK/ } }), {
        settings: () => new Settings({ get: (k) => ({ "imageImport:pollInterval": "20ms" })[k] }, {}),
        poller: () => new Poller({ minIntervalMs: 20, maxIntervalMs: 80 }),
        log: (l) => logs.push(l),
    });
    const e = await rejection(provider.create({ name: "b", fails: true }));
    expect(e).toBeInstanceOf(InitError);
    expect(e.message).toMatch(/failed to import: the cloud reports state BROKEN/);
});

describe("a field the import cannot carry (setAfterImport)", () => {
    test("given, it is set once the image is ready; unset, the cloud's value stands and is no change", async () => {
        const given = await provider.create({ name: "a", label: "mine" });
        expect(fake.modifyCalls).toEqual([{ Label: "mine" }]);
        expect(given.outs).toMatchObject({ label: "mine", imageState: "DONE" });
        const unset = await provider.create({ name: "b" });
        expect(fake.modifyCalls).toHaveLength(1);
        expect(unset.outs).toMatchObject({ label: "cloud-label" });
        expect(await provider.diff(unset.id, unset.outs, { name: "b" })).toMatchObject({ changes: false });
        expect(await provider.diff(unset.id, unset.outs, { name: "b", label: "other" })).toMatchObject({ replaces: ["label"] });
    });

    test("an import that times out is recorded with the value wanted, so the next up resumes rather than replaces", async () => {
        const inputs = { name: "slow", label: "mine", importMs: 400, timeouts: { create: "100ms" } };
        const e = await rejection(provider.create(inputs));
        expect(e).toBeInstanceOf(InitError);
        expect(e.properties).toMatchObject({ label: "mine", imageState: "IMPORTING" });
        expect(await provider.diff(e.id, e.properties, inputs)).toMatchObject({ replaces: [] });
        const { outs } = await provider.update(e.id, e.properties, { ...inputs, timeouts: {} });
        expect(outs).toMatchObject({ label: "mine", imageState: "DONE" });
        expect(fake.modifyCalls).toEqual([{ Label: "mine" }]);
    });

    test("when setting it fails, the image is kept as wanted, and the update the engine retries with sets it", async () => {
        fake.refuseModify = true;
        const e = await rejection(provider.create({ name: "a", label: "mine" }));
        expect(e).toBeInstanceOf(InitError);
        expect(e.message).toMatch(/is ready, but setting label failed: .*Label\.Duplicate/);
        expect(e.properties).toMatchObject({ label: "mine", imageState: "DONE" });
        expect(await provider.diff(e.id, e.properties, { name: "a", label: "mine" })).toMatchObject({ changes: false });
        fake.refuseModify = false;
        const { outs } = await provider.update(e.id, e.properties, { name: "a", label: "mine" });
        expect(outs).toMatchObject({ label: "mine" });
        expect(fake.images.get(e.id)!.label).toBe("mine");
        expect(fake.importCalls).toBe(1);
    });
});

describe("what a stack and a preview show", () => {
    test("the internal input is recorded as given, with the import's tracking data beside it; a wrong one fails check by its name", async () => {
        const internal = { token: "this-resource", resourceName: "base-image" };
        const r = await provider.create({ name: "a", __imageImport: internal });
        expect(r.outs.__imageImport).toEqual({ ...internal, tracking: { task: "task-img-1", importedAt: expect.any(Number) } });
        // Progress lines name the resource by its name in the program.
        expect(logs).toContain('[image-import] base-image, fake img-1: import started');
        // Never a change, whatever it holds.
        expect(await provider.diff(r.id, r.outs, { name: "a", __imageImport: { token: "elsewhere" } })).toMatchObject({ changes: false });
        const { failures } = await provider.check({}, { name: "a", __imageImport: { token: 7 } });
        expect(failures).toEqual([{ property: "__imageImport.token", reason: "must be a string" }]);
    });

    test("an input left unset is not recorded from the empty value the cloud reports for it, so a replace never shows it removed", async () => {
        const unset = await provider.create({ name: "a" });
        expect(unset.outs).not.toHaveProperty("tags");
        const set = await provider.create({ name: "b", tags: { team: "edge" } });
        expect(set.outs.tags).toEqual({ team: "edge" });
        // Cleared outside Pulumi: the empty map is what the cloud has now, and a refresh records it.
        fake.images.get(set.id)!.tags = {};
        const { props } = await provider.read(set.id, set.outs);
        expect(props!.tags).toEqual({});
    });

    test("a delete's lines say the cloud accepted it and lists the image meanwhile, never the image's state as if it were importing", async () => {
        const r = await provider.create({ name: "a" });
        fake.deleteLagMs = 150;
        logs.length = 0;
        await provider.delete(r.id, r.outs);
        expect(logs[0]).toMatch(/^\[image-import\] fake img-1: delete accepted, waiting until it is gone \(listed as DONE, \d+ms elapsed\)$/);
        expect(logs[logs.length - 1]).toBe("[image-import] fake img-1: deleted");
        expect(logs.filter((l) => /: (DONE \(|not listed)/.test(l))).toEqual([]);
    });

    test("the cloud's word on an import is said in the line that starts it", async () => {
        fake.note = 'the cloud names it "shorter"';
        await provider.create({ name: "a" });
        expect(logs).toContain('[image-import] fake img-1: import started; the cloud names it "shorter"');
    });
});
