import { randomUUID } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { isModifiable, isPreflighted, isSealable, notFoundGraceMs, type CloudApi, type CloudDefinition, type ImageRef, type Inputs } from "./cloud";
import { diffInputs, fieldChanged } from "./diff";
import { CloudError, ConfigError, describeError, InitError } from "./errors";
import { internalOf } from "./internal";
import { markedField, markOf, unmarked } from "./mark";
import { isMarked, isReady, outputsOf, refOf } from "./outputs";
import { WaitTimeoutError } from "./poller";
import { logImage, subjectOf, type RuntimeContext } from "./runtime-context";
import { ImportSession, type Imported } from "./session";
import { allInputs } from "./schema";
import { statusOf, type ImageStatus } from "./status";
import { GaveUp, keepTrying } from "./retry";
import { Deadline } from "./timeouts";
import { isUnknown } from "./unknown";
import { validate, type CheckFailure } from "./validate";
import { Waiter } from "./waiter";

export type { RuntimeContext } from "./runtime-context";

const settled = (s: ImageStatus | undefined) => s !== undefined && s.phase !== "pending";

/** What a seal does, in words: while it runs ("setting imageName and sealing it") and once done ("set imageName; sealed"). */
function sealWords(owed: string[], field: string | undefined, marked: boolean | undefined): { doing: string; done: string } {
    const set = owed.filter((k) => k !== field).join(", ");
    const doing = [set && `setting ${set}`, marked && "sealing it"];
    const done = [set && `set ${set}`, marked && "sealed"];
    return { doing: doing.filter(Boolean).join(" and "), done: done.filter(Boolean).join("; ") };
}

/** Until when a missing image is listing lag: the cloud's grace after the import was accepted (none for older state). */
function graceOf(def: CloudDefinition, ref: ImageRef): number {
    const at = Number(ref.tracking?.importedAt);
    return Number.isFinite(at) ? at + notFoundGraceMs(def) : 0;
}

/** The longest pause between two deletes the cloud refused (the image is busy or in use). */
const DELETE_PAUSE_MAX_MS = 60_000;

/**
 * check/diff/create/read/update/delete for any cloud. The import session turns a create into an image
 * reference; from then on every failure keeps the image in the stack (init errors) and `update` resumes.
 * Waits go through the shared poller; every cloud-specific call is the CloudDefinition's.
 */
export class ImportedImageProvider implements pulumi.dynamic.ResourceProvider {
    private readonly waiter: Waiter;

    constructor(
        private readonly def: CloudDefinition,
        private readonly rt: RuntimeContext,
    ) {
        this.waiter = new Waiter(def, rt);
    }

    async check(_olds: Inputs, news: Inputs): Promise<pulumi.dynamic.CheckResult> {
        const inputs = { ...news };
        const settings = this.rt.settings();
        for (const [key, spec] of Object.entries(this.def.schema.inputs)) {
            if (spec.fallback && (inputs[key] === undefined || inputs[key] === null || inputs[key] === "")) {
                const value = settings.get(spec.fallback.config, ...spec.fallback.env);
                if (value) inputs[key] = value;
            }
        }
        const failures = validate(allInputs(this.def.schema), inputs);
        if (!isUnknown(inputs)) {
            for (const rule of this.def.schema.rules ?? []) {
                const why = rule.check(inputs);
                if (why) failures.push({ property: rule.property, reason: why });
            }
        }
        return { inputs, failures: failures.length ? failures : await this.preflight(inputs) };
    }

    /**
     * The cloud's own tables, checked before anything is deleted or imported where credentials allow; a
     * preview without them (pull-request CI) still works and says what it could not check.
     */
    private async preflight(inputs: Inputs): Promise<CheckFailure[]> {
        if (isUnknown(inputs)) return [];
        try {
            const api = this.connect(inputs);
            return isPreflighted(api) ? await api.preflight(inputs) : [];
        } catch (e) {
            // No credentials, or a policy that denies the look-up: the preview goes on, and create checks again.
            if (!(e instanceof ConfigError || e instanceof CloudError)) throw e;
            logImage(this.rt, subjectOf(this.def.identity.key, inputs), undefined, `not checked against the cloud's tables (${describeError(e).split(":")[0]})`);
            return [];
        }
    }

    async diff(_id: string, olds: Inputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
        const d = diffInputs(this.def.schema, olds, news);
        // An image recorded as not ready (its import timed out or failed) or not sealed is a change: `up`
        // then calls update, which resumes the wait and seals it, even after a refresh cleared the init errors.
        const resume = !isReady(this.def, olds) || isMarked(olds);
        return { changes: d.changes || resume, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
    }

    async create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
        const api = this.connect(inputs);
        // One deadline for the whole create: the import, its finds, the wait and the seal share it.
        const deadline = Deadline.of(inputs, "create");
        if (typeof inputs.adoptImageId === "string" && inputs.adoptImageId) {
            const ref = await this.adopt(api, inputs, inputs.adoptImageId);
            const status = await this.seal(api, ref, inputs, await this.settle(api, ref, inputs, inputs, deadline, 0));
            return { id: ref.id, outs: outputsOf(this.def, inputs, ref, status) };
        }
        // The same token for every run of this resource in this stack (see internal.ts).
        const token = internalOf(inputs).token || randomUUID();
        const imported = await new ImportSession(this.def, this.rt, api, inputs, { mark: markOf(token, this.def.schema, inputs), nonce: randomUUID() }, deadline).start();
        // From here the image is in the stack whatever fails, marked until sealed; until `importedAt` plus the
        // cloud's grace, an image the cloud does not show is lag, not a deletion.
        const ref: ImageRef = { id: imported.ref.id, tracking: { ...imported.ref.tracking, importedAt: Date.now(), marked: 1 } };
        this.log(inputs, ref.id, imported.note ? `import started; ${imported.note}` : "import started");
        const extras = this.removeExtras(api, imported, inputs, deadline);
        try {
            const status = await this.seal(api, ref, inputs, await this.settle(api, ref, inputs, inputs, deadline, graceOf(this.def, ref)));
            return { id: ref.id, outs: outputsOf(this.def, inputs, ref, status) };
        } finally {
            await extras;
        }
    }

    async read(id: string, props: Inputs): Promise<pulumi.dynamic.ReadResult> {
        const api = this.connect(props);
        const ref = refOf(id, props);
        const status = await this.describeSoon(api, ref, props, Deadline.of(props, "update"));
        // An empty id tells the engine the image is gone, and refresh drops it.
        if (!status) return { id: "", props: {} };
        return { id, props: outputsOf(this.def, props, ref, status) };
    }

    async update(id: string, olds: Inputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
        const api = this.connect(news);
        const ref = refOf(id, olds);
        const deadline = Deadline.of(news, "update");
        let status: ImageStatus | undefined = await this.describeSoon(api, ref, news, deadline);
        if (!status) {
            throw new Error(
                `${this.def.identity.title} image ${id} no longer exists (deleted outside Pulumi?): run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` imports it again`,
            );
        }
        const { updates } = diffInputs(this.def.schema, olds, news);
        const viaCloud = updates.filter((k) => this.def.schema.inputs[k]?.change === "update");
        // An earlier `up` ended before the image was ready (timeout, failure, crash): resume the
        // wait rather than import again. Until the cloud has the in-place changes, the recorded
        // properties keep their old values, so the next `up` still sees them as changes.
        if (status.phase !== "ready") {
            if (status.phase === "pending") this.log(news, id, `resuming the wait (state ${status.state})`);
            const recorded = { ...news, ...Object.fromEntries(viaCloud.map((k) => [k, olds[k]])) };
            status = await this.settle(api, ref, news, recorded, deadline, 0);
        }
        // A create that ended before the image was ready is sealed now that it is.
        status = await this.seal(api, ref, news, status);
        if (viaCloud.length) {
            if (!isModifiable(api)) throw new Error(`${this.def.identity.title} cannot change ${viaCloud.join(", ")} in place`);
            const params = Object.fromEntries(viaCloud.map((k) => [this.def.schema.inputs[k].apiName ?? k, news[k] ?? ""]));
            await api.modify(ref, params);
            status = (await this.describeOne(api, ref)) ?? status;
            this.log(news, id, `updated ${viaCloud.join(", ")}`);
        }
        return { outs: outputsOf(this.def, news, ref, status) };
    }

    async delete(id: string, props: Inputs): Promise<void> {
        await this.remove(this.connect(props), refOf(id, props), props, Deadline.of(props, "delete"));
    }

    /**
     * Deletes an image and waits until it is gone: while the cloud refuses (the image is busy or in use),
     * the refusal is said once per reason and the delete tried again as the image settles, until the deadline.
     */
    private async remove(api: CloudApi, ref: ImageRef, props: Inputs, deadline: Deadline): Promise<void> {
        const subject = subjectOf(this.def.identity.key, props);
        const wait = (until: (s: ImageStatus | undefined) => boolean, deleting = false) => this.waiter.wait(api, ref, { subject, deadline, until, deleting });
        let lastCode = "";
        const deleted = await keepTrying(
            async () => {
                try {
                    await api.deleteImage(ref);
                    return "deleted";
                } catch (e) {
                    if (e instanceof CloudError && e.notFound) return "gone";
                    if (!(e instanceof CloudError && e.kind === "busy")) throw e;
                    // One line per reason, not per attempt.
                    if (e.code !== lastCode) this.log(props, ref.id, `busy (${e.code}); deleting once it settles`);
                    lastCode = e.code;
                    // The wait that follows lets the image settle; its own time out is the next refusal's to report.
                    const settledNow = await wait((s) => s === undefined || s.phase !== "pending").catch((w) => {
                        if (w instanceof WaitTimeoutError) return null;
                        throw w;
                    });
                    if (settledNow === undefined) return "gone";
                    throw e;
                }
            },
            { ...this.pauses(DELETE_PAUSE_MAX_MS), until: deadline.at, retryable: (e) => e instanceof CloudError && e.kind === "busy" },
        ).catch((e) => {
            if (!(e instanceof GaveUp)) throw e;
            throw new Error(
                `${this.def.identity.title} image ${ref.id} was not deleted within ${deadline}: the cloud kept refusing with ${describeError(e.last)}. ` +
                    "If instances or other resources still use the image, remove them first, then run `pulumi destroy` (or `pulumi up`) again, or raise timeouts.delete.",
            );
        });
        if (deleted === "gone") return;
        await wait((s) => s === undefined, true);
        this.log(props, ref.id, "deleted");
    }

    /** The pauses between tries of something that is not polled: from the poll interval up to `maxMs`. */
    private pauses(maxMs: number): { minMs: number; maxMs: number } {
        return { minMs: this.rt.settings().pollIntervals().minMs, maxMs };
    }

    /**
     * Images that this create's mark proves its own beside the one it records (a lost import sent again,
     * and both accepted): deleted as they settle, within the create's deadline, so that no image of this
     * resource is left that no state knows. One that cannot be deleted by then is named, for the user.
     */
    private async removeExtras(api: CloudApi, imported: Imported, inputs: Inputs, deadline: Deadline): Promise<void> {
        await Promise.all(
            imported.extras.map(async (extra) => {
                this.log(inputs, extra.id, `a second import of this resource (its mark shows it); deleting it, ${imported.ref.id} is kept`);
                try {
                    await this.remove(api, extra, inputs, deadline);
                } catch (e) {
                    this.log(inputs, extra.id, `not deleted: ${describeError(e)}; it is no part of the stack, delete it by hand`);
                }
            }),
        );
    }

    /**
     * An existing image taken on purpose: it must exist and match every input that identifies an image
     * (the replace-triggering ones) wherever the cloud reports it, or nothing is recorded.
     */
    private async adopt(api: CloudApi, inputs: Inputs, id: string): Promise<ImageRef> {
        const ref = { id };
        const image = await this.describeOne(api, ref);
        if (!image) throw new Error(`adoptImageId: ${this.def.identity.title} has no image ${id} in this account and region`);
        for (const [key, spec] of Object.entries(this.def.schema.inputs)) {
            const reported = image.outputs[key];
            if (spec.change === "replace" && reported !== undefined && fieldChanged(spec, reported, inputs[key])) {
                throw new Error(`adoptImageId: image ${id} does not match ${key} (the image has ${JSON.stringify(reported)}, the resource ${JSON.stringify(inputs[key])}); nothing was adopted`);
            }
        }
        this.log(inputs, id, "adopted (adoptImageId)");
        return ref;
    }

    /** Settings are checked here, before any call, so a bad one cannot surface after an import started. */
    private connect(inputs: Inputs): CloudApi {
        const settings = this.rt.settings();
        settings.pollIntervals();
        return this.def.connect(settings, inputs);
    }

    private async describeOne(api: CloudApi, ref: ImageRef): Promise<ImageStatus | undefined> {
        const image = (await api.describe([ref])).get(ref.id);
        return image && statusOf(this.def.states, unmarked(this.def, image));
    }

    /**
     * The image, where a look-up that finds nothing soon after the import is lag, not a deletion: the
     * image is looked for until the cloud's grace after `importedAt` has passed; only then is it gone.
     */
    private async describeSoon(api: CloudApi, ref: ImageRef, props: Inputs, deadline: Deadline): Promise<ImageStatus | undefined> {
        const status = await this.describeOne(api, ref);
        const graceUntil = graceOf(this.def, ref);
        if (status || Date.now() >= graceUntil) return status;
        this.log(props, ref.id, "not listed yet, so soon after its import; looking again");
        return this.waiter.wait(api, ref, { subject: subjectOf(this.def.identity.key, props), deadline, until: (s) => s !== undefined || Date.now() >= graceUntil }).catch((e) => {
            if (e instanceof WaitTimeoutError) return undefined;
            throw e;
        });
    }

    /**
     * Waits until the import settles; from here on every failure keeps the image in the stack, recorded
     * with `recorded` as its properties (the inputs, less what the cloud does not have yet). Until
     * `graceUntil`, an image the cloud does not list yet is still on its way.
     */
    private async settle(api: CloudApi, ref: ImageRef, inputs: Inputs, recorded: Inputs, deadline: Deadline, graceUntil: number): Promise<ImageStatus> {
        const keep = async (message: string, last?: ImageStatus) => new InitError(message, ref.id, outputsOf(this.def, recorded, ref, await this.sealQuietly(api, ref, inputs, last)));
        let status: ImageStatus | undefined;
        try {
            status = await this.waiter.wait(api, ref, { subject: subjectOf(this.def.identity.key, inputs), deadline, until: (s) => settled(s) || (s === undefined && Date.now() >= graceUntil) });
        } catch (e) {
            throw await keep(`${this.def.identity.title} image ${ref.id} is not ready: ${describeError(e)}. It is kept in the stack and the next \`pulumi up\` resumes waiting.`, e instanceof WaitTimeoutError ? e.last : undefined);
        }
        if (status === undefined) {
            throw await keep(`${this.def.identity.title} image ${ref.id} is no longer listed while importing (deleted outside Pulumi?). It is kept in the stack: \`pulumi refresh\` drops it if it is gone, and the next \`pulumi up\` imports it again.`);
        }
        if (status.phase === "failed") {
            throw await keep(`${this.def.identity.title} image ${ref.id} failed to import: ${status.reason ?? `the cloud reports state ${status.state}`}. ${this.def.failureHint ?? ""}`.trim(), status);
        }
        this.log(inputs, ref.id, `ready (${status.state})`);
        return status;
    }

    /**
     * Seals a settled image that its create records (see mark.ts): in one write, the user's value takes
     * the mark's place (or the cloud removes a mark of its own), with what the import could not carry (the
     * schema's `setAfterImport` fields) once the image is ready. A failure keeps the image in the stack,
     * recorded as not sealed, so that the next `up` (the engine retries an init error with an update)
     * seals it rather than replacing it.
     */
    private async seal(api: CloudApi, ref: ImageRef, inputs: Inputs, status: ImageStatus): Promise<ImageStatus> {
        const field = markedField(this.def.schema);
        const owed = Object.entries(this.def.schema.inputs)
            .filter(([key, spec]) => (status.phase === "ready" && spec.setAfterImport && fieldChanged({ ...spec, computedWhenUnset: true }, status.outputs[key], inputs[key])) || (key === field && status.marked))
            .map(([key]) => key);
        if (!owed.length && !(status.marked && isSealable(api))) return status;
        const words = sealWords(owed, field, status.marked);
        try {
            if (owed.length) {
                if (!isModifiable(api)) throw new Error(`${this.def.identity.title} cannot set ${owed.join(", ")} after the import`);
                await api.modify(ref, Object.fromEntries(owed.map((k) => [this.def.schema.inputs[k].apiName ?? k, inputs[k]])));
            } else if (isSealable(api)) {
                await api.seal(ref);
            }
        } catch (e) {
            const reported = { ...status, outputs: Object.fromEntries(Object.entries(status.outputs).filter(([k]) => !owed.includes(k))) };
            throw new InitError(
                `${this.def.identity.title} image ${ref.id} is ${status.phase === "ready" ? "ready" : status.state}, but ${words.doing} failed: ${describeError(e)}. It is kept in the stack and the next \`pulumi up\` does it again.`,
                ref.id,
                outputsOf(this.def, inputs, ref, reported),
            );
        }
        this.log(inputs, ref.id, words.done);
        // What was just set is what the image has, even where a listing is slow to show it.
        return { ...status, outputs: { ...status.outputs, ...Object.fromEntries(owed.map((k) => [k, inputs[k]])) }, marked: false };
    }

    /**
     * The seal of an image recorded by an init error, where the cloud takes it in that state (every cloud
     * once the import settled; one whose mark is its own, CVM's tag, at any time). Left unsealed, the
     * recorded image is sealed by the `up` that resumes it.
     */
    private async sealQuietly(api: CloudApi, ref: ImageRef, inputs: Inputs, status: ImageStatus | undefined): Promise<ImageStatus | undefined> {
        if (!status?.marked || (status.phase === "pending" && markedField(this.def.schema))) return status;
        try {
            return await this.seal(api, ref, inputs, status);
        } catch (e) {
            if (e instanceof InitError) return status;
            throw e;
        }
    }

    private log(inputs: Inputs, id: string, message: string): void {
        logImage(this.rt, subjectOf(this.def.identity.key, inputs), id, message);
    }
}
