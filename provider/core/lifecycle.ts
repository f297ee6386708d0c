import { randomUUID } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { CloudDefinition, ImageApi, Inputs } from "./cloud";
import { diffInputs } from "./diff";
import { formatDuration } from "./duration";
import { CloudError, describeError, InitError } from "./errors";
import { WaitTimeoutError, type ImageStatus, type Poller } from "./poller";
import type { Settings } from "./settings";
import { deadlineFor, type Operation } from "./timeouts";
import { plain } from "./unknown";
import { stripSignatures } from "./url";
import { validate } from "./validate";

/** Process-wide services the lifecycle uses: settings from `configure`, the shared poller, logging. */
export interface RuntimeContext {
    settings(): Settings;
    poller(): Poller;
    log(line: string): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A long wait says it is alive at least this often (more rarely when polling is slower). */
const HEARTBEAT_MIN_MS = 1000;

/** Attempts at an import whose failure left it unclear whether the cloud accepted it. */
const IMPORT_ATTEMPTS = 4;

/** How long a listing may lag behind an accepted import before we stop looking for it. */
const LOST_IMPORT_PATIENCE_MS = 30_000;

/**
 * check/diff/create/read/update/delete for any cloud: the image id is kept from the moment it
 * exists (init errors), waits go through the shared poller, and every cloud-specific call is the
 * CloudDefinition's.
 */
export class ImportedImageProvider implements pulumi.dynamic.ResourceProvider {
    constructor(
        private readonly def: CloudDefinition,
        private readonly rt: RuntimeContext,
    ) {}

    async check(_olds: Inputs, news: Inputs): Promise<pulumi.dynamic.CheckResult> {
        const inputs = this.def.defaults ? this.def.defaults({ ...news }, this.rt.settings()) : { ...news };
        return { inputs, failures: validate(this.def.schema, inputs) };
    }

    async diff(_id: string, olds: Inputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
        const d = diffInputs(this.def.schema, olds, news, this.def.uniqueName);
        // An image recorded as not ready (its import timed out or failed) is a change: `up` then
        // calls update, which resumes the wait, even after a refresh cleared the init errors.
        const resume = !this.def.isReady(olds);
        return { changes: d.changes || resume, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
    }

    async create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
        const api = this.connect(inputs);
        const id = await this.startImport(api, inputs);
        this.log(id, "import started");
        const status = await this.waitSettled(api, id, inputs, inputs, "create");
        return { id, outs: this.outputs(inputs, id, status) };
    }

    async read(id: string, props: Inputs): Promise<pulumi.dynamic.ReadResult> {
        const api = this.connect(props);
        const status = (await api.describe([id])).get(id);
        // An empty id tells the engine the image is gone, and refresh drops it.
        if (!status) return { id: "", props: {} };
        return { id, props: this.outputs(props, id, status) };
    }

    async update(id: string, olds: Inputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
        const api = this.connect(news);
        let status = (await api.describe([id])).get(id);
        if (!status) {
            throw new Error(
                `${this.def.title} image ${id} no longer exists (deleted outside Pulumi?): run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` imports it again`,
            );
        }
        const { updates } = diffInputs(this.def.schema, olds, news);
        const viaCloud = updates.filter((k) => this.def.schema[k]?.change === "update");
        // An earlier `up` ended before the image was ready (timeout, failure, crash): resume the
        // wait rather than import again. Until the cloud has the in-place changes, the recorded
        // properties keep their old values, so the next `up` still sees them as changes.
        if (status.phase !== "ready") {
            if (status.phase === "pending") this.log(id, `resuming the wait (state ${status.state})`);
            const recorded = { ...news };
            for (const k of viaCloud) recorded[k] = olds[k];
            status = await this.waitSettled(api, id, news, recorded, "update");
        }
        if (viaCloud.length) {
            await api.modify(id, news, viaCloud);
            status = (await api.describe([id])).get(id) ?? status;
            this.log(id, `updated ${viaCloud.join(", ")}`);
        }
        return { outs: this.outputs(news, id, status) };
    }

    async delete(id: string, props: Inputs): Promise<void> {
        const api = this.connect(props);
        const { deadline, text } = deadlineFor(props, "delete");
        for (;;) {
            try {
                await api.deleteImage(id, props);
                break;
            } catch (e) {
                if (e instanceof CloudError && e.notFound) return;
                if (!(e instanceof CloudError && e.kind === "busy") || Date.now() >= deadline) throw e;
                this.log(id, `busy (${e.code}); deleting once it settles`);
                await sleep(this.rt.settings().pollIntervals().minMs);
                const s = await this.wait(api, id, (st) => st === undefined || st.phase !== "pending", deadline, text, "delete");
                if (s === undefined) return;
            }
        }
        await this.wait(api, id, (st) => st === undefined, deadline, text, "delete");
        this.log(id, "deleted");
    }

    /** Settings are checked here, before any call, so a bad one cannot surface after an import started. */
    private connect(inputs: Inputs): ImageApi {
        const settings = this.rt.settings();
        settings.pollIntervals();
        return this.def.connect(settings, inputs);
    }

    private async startImport(api: ImageApi, inputs: Inputs): Promise<string> {
        const token = randomUUID();
        await api.preflight?.(inputs);
        const conflict = await api.findConflict?.(inputs);
        if (conflict) {
            const field = this.def.nameField;
            throw new Error(`${field}: an image named "${inputs[field]}" already exists (${conflict}) and names must be unique; choose another name or delete that image`);
        }
        let ambiguous = false;
        for (let attempt = 1; ; attempt++) {
            try {
                return await api.importImage(inputs, token);
            } catch (e) {
                // After an attempt whose outcome was unknown, a conflict is most likely that attempt's image.
                const maybeOurs = e instanceof CloudError && (e.kind === "transient" || (ambiguous && e.kind === "conflict"));
                if (!maybeOurs) throw e;
                ambiguous = true;
                const found = await this.findLostImport(api, inputs, token, e.kind === "conflict" ? LOST_IMPORT_PATIENCE_MS : 0);
                if (found) {
                    this.log(found, `recovered after a lost response (${e.code})`);
                    return found;
                }
                if (e.kind === "conflict" || attempt >= IMPORT_ATTEMPTS) throw e;
                await sleep(500 * 2 ** attempt);
            }
        }
    }

    /** The image an earlier attempt created, looked for until `patienceMs` passes (listings may lag). */
    private async findLostImport(api: ImageApi, inputs: Inputs, token: string, patienceMs: number): Promise<string | undefined> {
        const until = Date.now() + patienceMs;
        for (;;) {
            try {
                const found = await api.findImported(inputs, token);
                if (found) return found;
            } catch (e) {
                if (!(e instanceof CloudError && e.retryable)) throw e;
            }
            if (Date.now() >= until) return undefined;
            await sleep(Math.min(2000, this.rt.settings().pollIntervals().minMs));
        }
    }

    /**
     * Waits until the import settles; from here on every failure keeps the image in the stack,
     * recorded with `recorded` as its properties (the inputs, less what the cloud does not have yet).
     */
    private async waitSettled(api: ImageApi, id: string, inputs: Inputs, recorded: Inputs, op: Operation): Promise<ImageStatus> {
        const { deadline, text } = deadlineFor(inputs, op);
        let status: ImageStatus | undefined;
        try {
            status = await this.wait(api, id, (s) => s === undefined || s.phase !== "pending", deadline, text, op);
        } catch (e) {
            const last = e instanceof WaitTimeoutError ? e.last : undefined;
            throw new InitError(
                `${this.def.title} image ${id} is not ready: ${describeError(e)}. It is kept in the stack and the next \`pulumi up\` resumes waiting.`,
                id,
                this.outputs(recorded, id, last),
            );
        }
        if (status === undefined) throw new Error(`${this.def.title} image ${id} disappeared while importing (deleted outside Pulumi?)`);
        if (status.phase === "failed") {
            throw new InitError(
                `${this.def.title} image ${id} failed to import: ${status.reason ?? `the cloud reports state ${status.state}`}. ${this.def.failureHint ?? ""}`.trim(),
                id,
                this.outputs(recorded, id, status),
            );
        }
        this.log(id, `ready (${status.state})`);
        return status;
    }

    private async wait(
        api: ImageApi,
        id: string,
        until: (s: ImageStatus | undefined) => boolean,
        deadline: number,
        timeoutText: string,
        op: Operation,
    ): Promise<ImageStatus | undefined> {
        const started = Date.now();
        let lastLine = started;
        const heartbeatMs = Math.max(HEARTBEAT_MIN_MS, 4 * this.rt.settings().pollIntervals().minMs);
        const report = (s: ImageStatus | undefined) => {
            lastLine = Date.now();
            const progress = s?.progress !== undefined && s.phase === "pending" ? ` ${s.progress}%` : "";
            this.log(id, s ? `${s.state}${progress} (${formatDuration(lastLine - started)} elapsed)` : "gone");
        };
        try {
            return await this.rt.poller().wait({
                group: api.pollGroup,
                describe: (ids) => api.describe(ids),
                batchSize: api.batchSize,
                id,
                until,
                deadline,
                onChange: report,
                onUnchanged: (s) => Date.now() - lastLine >= heartbeatMs && report(s),
            });
        } catch (e) {
            if (e instanceof WaitTimeoutError) {
                throw new WaitTimeoutError(id, e.last, `timed out after ${timeoutText} (timeouts.${op})`);
            }
            throw e;
        }
    }

    /**
     * Outputs echo the inputs (diff compares against them), presigned URLs without their
     * signature, then what the cloud reports, where it reports something.
     */
    private outputs(inputs: Inputs, id: string, status: ImageStatus | undefined): Record<string, unknown> {
        const outs: Record<string, unknown> = { ...inputs, imageId: id };
        for (const [key, spec] of Object.entries(this.def.schema)) {
            if (spec.sensitive && outs[key] !== undefined) outs[key] = stripSignatures(outs[key]);
        }
        for (const [key, value] of Object.entries(status?.outputs ?? {})) {
            if (value !== undefined && value !== null) outs[key] = value;
        }
        return plain(outs);
    }

    private log(id: string, message: string): void {
        this.rt.log(`[image-import] ${this.def.kind} ${id}: ${message}`);
    }
}
