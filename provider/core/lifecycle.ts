import { randomUUID } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { CloudDefinition, ImageApi, Inputs } from "./cloud";
import { diffInputs } from "./diff";
import { CloudError, describeError, InitError } from "./errors";
import { WaitTimeoutError, type ImageStatus, type Poller } from "./poller";
import type { Settings } from "./settings";
import { deadlineFor, type Operation } from "./timeouts";
import { formatDuration } from "./duration";
import { plain } from "./unknown";
import { stripSignature } from "./url";
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
        return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
    }

    async create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
        const api = this.connect(inputs);
        const id = await this.startImport(api, inputs);
        this.log(id, "import started");
        const status = await this.waitSettled(api, id, inputs, "create");
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
        // An earlier `up` ended before the image was ready (timeout, failure, crash): the engine calls
        // update to continue awaiting initialization, so resume the wait rather than import again.
        if (status.phase !== "ready") {
            if (status.phase === "pending") this.log(id, `resuming the wait (state ${status.state})`);
            status = await this.waitSettled(api, id, news, "update");
        }
        const { updates } = diffInputs(this.def.schema, olds, news);
        if (updates.length) {
            await api.modify(id, news, updates);
            status = (await api.describe([id])).get(id) ?? status;
            this.log(id, `updated ${updates.join(", ")}`);
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

    private connect(inputs: Inputs): ImageApi {
        return this.def.connect(this.rt.settings(), inputs);
    }

    private async startImport(api: ImageApi, inputs: Inputs): Promise<string> {
        const token = randomUUID();
        await api.preflight?.(inputs);
        const conflict = await api.findConflict?.(inputs);
        if (conflict) {
            const field = this.def.uniqueName?.field ?? "imageName";
            throw new Error(
                `${field}: an image named "${inputs[field]}" already exists (${conflict}) and names must be unique; choose another name or delete that image`,
            );
        }
        for (let attempt = 1; ; attempt++) {
            try {
                return await api.importImage(inputs, token);
            } catch (e) {
                if (!(e instanceof CloudError && e.kind === "transient") || attempt >= IMPORT_ATTEMPTS) throw e;
                // The cloud may have accepted the import before the response was lost: find that
                // image instead of importing a second one.
                const found = await api.findImported(inputs, token);
                if (found) {
                    this.log(found, `recovered after a lost response (${e.code})`);
                    return found;
                }
                await sleep(500 * 2 ** attempt);
            }
        }
    }

    /** Waits until the import settles; from here on every failure keeps the image in the stack. */
    private async waitSettled(api: ImageApi, id: string, inputs: Inputs, op: Operation): Promise<ImageStatus> {
        const { deadline, text } = deadlineFor(inputs, op);
        let status: ImageStatus | undefined;
        try {
            status = await this.wait(api, id, (s) => s === undefined || s.phase !== "pending", deadline, text, op);
        } catch (e) {
            const last = e instanceof WaitTimeoutError ? e.last : undefined;
            throw new InitError(
                `${this.def.title} image ${id} is not ready: ${describeError(e)}. It is kept in the stack and the next \`pulumi up\` resumes waiting.`,
                id,
                this.outputs(inputs, id, last),
            );
        }
        if (status === undefined) throw new Error(`${this.def.title} image ${id} disappeared while importing (deleted outside Pulumi?)`);
        if (status.phase === "failed") {
            throw new InitError(
                `${this.def.title} image ${id} failed to import: ${status.reason ?? `the cloud reports state ${status.state}`}. ${this.def.failureHint ?? ""}`.trim(),
                id,
                this.outputs(inputs, id, status),
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

    /** Outputs echo the inputs (diff compares against them) with signatures removed from URLs. */
    private outputs(inputs: Inputs, id: string, status: ImageStatus | undefined): Record<string, unknown> {
        const outs: Record<string, unknown> = { ...inputs };
        for (const [key, spec] of Object.entries(this.def.schema)) {
            if (!spec.sensitive) continue;
            const v = outs[key];
            if (typeof v === "string") outs[key] = stripSignature(v);
            if (Array.isArray(v)) outs[key] = v.map((x) => (typeof x === "string" ? stripSignature(x) : x));
        }
        return plain({ ...outs, imageId: id, ...(status?.outputs ?? {}) });
    }

    private log(id: string, message: string): void {
        this.rt.log(`[image-import] ${this.def.kind} ${id}: ${message}`);
    }
}
