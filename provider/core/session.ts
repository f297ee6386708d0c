import { isPreflighted, NOT_OURS, type CloudDefinition, type ImageApi, type ImageRef, type ImportAttempt, type Inputs } from "./cloud";
import { CloudError } from "./errors";
import { sleep } from "./duration";
import { logImage, subjectOf, type RuntimeContext } from "./runtime-context";

/** Attempts at an import whose failure left it unclear whether the cloud accepted it. */
const IMPORT_ATTEMPTS = 4;

/** The longest pause between two looks for an import that a listing does not show yet. */
const FIND_INTERVAL_MAX_MS = 10_000;

/**
 * One create's import, from the first call until the image is known by its id: the attempt is repeated
 * while its outcome is unknown, an image this attempt provably made is found with patience (listings lag),
 * and a conflict means someone else's image unless an earlier attempt of this create may have caused it.
 * It ends with an image reference, or with an error before anything was accepted.
 */
export class ImportSession {
    private ambiguous = false;

    constructor(
        private readonly def: CloudDefinition,
        private readonly rt: RuntimeContext,
        private readonly api: ImageApi,
        private readonly inputs: Inputs,
        private readonly attempt: ImportAttempt,
        /** Until when a lost or id-less import is looked for: the create's own deadline. */
        private readonly deadline: number,
    ) {}

    async start(): Promise<ImageRef> {
        if (isPreflighted(this.api)) {
            const [failure] = await this.api.preflight(this.inputs);
            if (failure) throw new Error(`${failure.property}: ${failure.reason}`);
        }
        for (let n = 1; ; n++) {
            let outcome;
            try {
                outcome = await this.api.importImage(this.inputs, this.attempt);
            } catch (e) {
                if (!(e instanceof CloudError)) throw e;
                if (e.kind === "transient") {
                    // The cloud may or may not have accepted it: look (with the cloud's patience), then try again.
                    this.ambiguous = true;
                    const found = await this.find(Math.min(this.deadline, Date.now() + (this.def.lostImportPatienceMs ?? 0)));
                    if (found && found !== NOT_OURS) return this.recovered(found, e.code);
                    if (n >= IMPORT_ATTEMPTS) throw e;
                    await sleep(500 * 2 ** n);
                    continue;
                }
                if (e.kind === "conflict") return this.onConflict(e);
                throw e;
            }
            if (outcome.id) return { id: outcome.id, tracking: outcome.tracking };
            // Accepted, but the answer names no image: it has to be found.
            const found = await this.find(this.deadline);
            if (found && found !== NOT_OURS) return found;
            throw new Error(`${this.def.title} accepted the import but its image was not listed before the create timeout; look for it in the console and adopt or delete it`);
        }
    }

    /**
     * The name or source is taken. An image this create provably made (an earlier run killed before it
     * recorded the image, or an attempt of this run whose answer was lost) is taken back; after a lost
     * answer it is looked for until the deadline, since listings lag. Anything else is someone else's.
     */
    private async onConflict(e: CloudError): Promise<ImageRef> {
        const { field, advice } = this.def.conflict.explain(e.code, this.inputs);
        if (!this.ambiguous && !this.def.conflict.provesEarlierRuns) {
            throw new Error(`${field}: ${advice} (${e.code}; nothing shows that the image in the way came from this resource)`);
        }
        // An earlier run's image may be too new to be listed: wait for the listing up to the cloud's grace,
        // unless the cloud shows the image in the way is someone else's.
        const until = this.ambiguous ? this.deadline : Math.min(this.deadline, Date.now() + this.def.notFoundGraceMs);
        const found = await this.find(until);
        if (found === NOT_OURS) throw new Error(`${field}: ${advice} (${e.code}; the image in the way did not come from this resource)`);
        if (found) return this.recovered(found, this.ambiguous ? e.code : `${e.code}: an earlier run imported it and never recorded it`);
        throw new Error(`${field}: ${advice} (${e.code}); no image this resource provably made was found before ${this.ambiguous ? "the create timeout" : "the listing caught up"}`);
    }

    private recovered(ref: ImageRef, code: string): ImageRef {
        logImage(this.rt, subjectOf(this.def.cloud, this.inputs), ref.id, `recovered after a lost response (${code})`);
        return ref;
    }

    /**
     * The image this create made, looked for until `until` (once at least), backing off between looks; or
     * NOT_OURS as soon as the cloud shows what is in the way is someone else's.
     */
    private async find(until: number): Promise<ImageRef | typeof NOT_OURS | undefined> {
        let pause = this.rt.settings().pollIntervals().minMs;
        for (;;) {
            try {
                const found = await this.api.findImported(this.inputs, this.attempt);
                if (found) return found;
            } catch (e) {
                if (!(e instanceof CloudError && e.retryable)) throw e;
            }
            if (Date.now() >= until) return undefined;
            await sleep(Math.min(pause, Math.max(0, until - Date.now())));
            pause = Math.min(FIND_INTERVAL_MAX_MS, pause * 2);
        }
    }
}
