import { findsImport, isPreflighted, listsMarked, notFoundGraceMs, NOT_OURS, type CloudApi, type CloudDefinition, type ImageRef, type ImportAttempt, type Inputs, type ListsMarked } from "./cloud";
import { CloudError } from "./errors";
import { withMark } from "./mark";
import { WaitTimeoutError } from "./poller";
import { GaveUp, keepTrying } from "./retry";
import { logImage, subjectOf, type RuntimeContext } from "./runtime-context";
import type { Deadline } from "./timeouts";

/** Attempts at an import whose failure left it unclear whether the cloud accepted it. */
const IMPORT_ATTEMPTS = 4;

/** The pauses between those attempts. */
const IMPORT_PAUSES = { minMs: 1000, maxMs: 8000 };

/** The longest pause between two looks for an import that a listing does not show yet. */
const FIND_INTERVAL_MAX_MS = 10_000;

/** How long a listing of marked images that keeps failing (throttling) is waited out past the look's own end. */
const LISTING_TROUBLE_MS = 30_000;

/** What the session ends with: this create's image, and any further image its mark proves its own. */
export interface Imported {
    ref: ImageRef;
    /** Images of this create beyond the one it records (a lost import sent again, both accepted): to delete. */
    extras: ImageRef[];
    /** The cloud's word on the import (see ImportOutcome). */
    note?: string;
}

/**
 * One create's import, from the first call until the image is known by its id. The import carries the
 * create's mark (see mark.ts), and only an image with that mark is ever taken as this create's: after a
 * lost answer, after an answer without an id, after a conflict (a killed run's image in the way) and,
 * where the cloud would accept a second import, before the first. It ends with an image reference, or
 * with an error; an image accepted but not found by then keeps its mark, and the next `up` takes it back.
 */
export class ImportSession {
    private ambiguous = false;
    /** The error of the last attempt whose answer was lost. */
    private lostAnswer?: CloudError;
    /** What the import sends: the inputs, with the mark in the field that carries it. */
    private readonly sent: Inputs;

    constructor(
        private readonly def: CloudDefinition,
        private readonly rt: RuntimeContext,
        private readonly api: CloudApi,
        private readonly inputs: Inputs,
        private readonly attempt: ImportAttempt,
        /** Until when a lost or id-less import is looked for: the create's own deadline. */
        private readonly deadline: Deadline,
    ) {
        this.sent = withMark(def.schema, inputs, attempt.mark);
    }

    async start(): Promise<Imported> {
        if (isPreflighted(this.api)) {
            const [failure] = await this.api.preflight(this.inputs);
            if (failure) throw new Error(`${failure.property}: ${failure.reason}`);
        }
        // Nothing would refuse a killed run's retry: its image, if any, is looked for first.
        if (!this.def.conflict) {
            const earlier = await this.find(0);
            if (earlier && earlier !== NOT_OURS) return this.recovered(earlier, "an earlier run imported it and never recorded it");
        }
        const imported = await keepTrying((n) => this.attemptImport(n), { ...IMPORT_PAUSES, attempts: IMPORT_ATTEMPTS, until: this.deadline.at });
        // Out of time between two attempts: the last attempt's error stands.
        if (!imported) throw this.lostAnswer;
        return imported;
    }

    /**
     * One attempt: an image, or undefined when the answer was lost and nothing with the mark is listed yet
     * (another attempt follows, unless this was the last or the create's time is up: then the error stands,
     * and an image accepted meanwhile keeps its mark for the next `up`).
     */
    private async attemptImport(n: number): Promise<Imported | undefined> {
        let outcome;
        try {
            outcome = await this.api.importImage(this.sent, this.attempt);
        } catch (e) {
            if (!(e instanceof CloudError)) throw e;
            if (e.kind === "conflict") return this.onConflict(e);
            if (e.kind !== "transient") throw e;
            // The cloud may or may not have accepted it: look (with the cloud's patience), then try again.
            this.ambiguous = true;
            this.lostAnswer = e;
            const found = await this.find(this.deadline.within(this.def.lostImportPatienceMs ?? 0));
            if (found && found !== NOT_OURS) return this.recovered(found, e.code);
            if (n >= IMPORT_ATTEMPTS || this.deadline.passed()) throw e;
            return undefined;
        }
        if (outcome.id) return { ref: { id: outcome.id, tracking: outcome.tracking }, extras: [], note: outcome.note };
        // Accepted, but the answer names no image: it has to be found.
        const found = await this.find(this.deadline.at);
        if (found && found !== NOT_OURS) return { ...found, note: outcome.note };
        throw new Error(`${this.def.identity.title} accepted the import but did not list its image before the create timeout; it carries this resource's mark, and the next \`pulumi up\` takes it back`);
    }

    /**
     * The name or source is taken. An image with this create's mark (an earlier run killed before it
     * recorded the image, or an attempt of this run whose answer was lost) is taken back; after a lost
     * answer it is looked for until the deadline, since listings lag. Anything else is someone else's.
     */
    private async onConflict(e: CloudError): Promise<Imported> {
        const { field, advice } = this.def.conflict?.explain(e.code, this.inputs) ?? { field: "imageName", advice: "the cloud refused the import as a conflict" };
        // An earlier run's image may be too new to be listed: wait for the listing up to the cloud's grace,
        // unless the cloud shows the image in the way is someone else's.
        const until = this.ambiguous ? this.deadline.at : this.deadline.within(notFoundGraceMs(this.def));
        const found = await this.find(until);
        if (found === NOT_OURS) throw new Error(`${field}: ${advice} (${e.code}; the image in the way did not come from this resource)`);
        if (found) return this.recovered(found, this.ambiguous ? e.code : `${e.code}: an earlier run imported it and never recorded it`);
        throw new Error(`${field}: ${advice} (${e.code}); no image with this resource's mark was found before ${this.ambiguous ? "the create timeout" : "the listing caught up"}`);
    }

    private recovered(found: Imported, code: string): Imported {
        logImage(this.rt, subjectOf(this.def.identity.key, this.inputs), found.ref.id, `recovered after a lost response (${code})`);
        return found;
    }

    /**
     * The images with this create's mark, looked for until `until` (once at least), backing off between
     * looks; or NOT_OURS as soon as the cloud shows what is in the way is someone else's.
     */
    private async find(until: number): Promise<Imported | typeof NOT_OURS | undefined> {
        const api = this.api;
        if (listsMarked(api)) return this.findListed(api, until);
        if (!findsImport(api)) throw new Error(`${this.def.identity.title} has no way to find an import by its mark`);
        const found = await keepTrying(async () => {
            const refs = await api.findImported(this.sent, this.attempt);
            return refs === NOT_OURS || refs.length ? refs : undefined;
        }, { minMs: this.rt.settings().pollIntervals().minMs, maxMs: FIND_INTERVAL_MAX_MS, until, retryable: (e) => e instanceof CloudError && e.retryable }).catch((e) => {
            // Out of time while the listing kept failing: nothing was found.
            if (e instanceof GaveUp) return undefined;
            throw e;
        });
        return found === undefined || found === NOT_OURS ? found : { ref: found[0], extras: found.slice(1) };
    }

    /**
     * The same through the shared poller, where one listing of every marked image serves all the imports
     * of the account that look at once (a stack of a hundred creates costs a few listings, not a hundred).
     */
    private async findListed(api: CloudApi & ListsMarked, until: number): Promise<Imported | undefined> {
        const listed = await this.rt
            .poller()
            .wait<{ id: string }, { state: string; refs: ImageRef[] }>({
                group: `${api.pollGroup}|marked`,
                describe: async (marks) => {
                    const all = await api.listMarked();
                    return new Map(marks.map(({ id }) => [id, { state: "listed", refs: all.get(id) ?? [] }]));
                },
                batchSize: Number.MAX_SAFE_INTEGER,
                item: { id: this.attempt.mark },
                until: (s) => Boolean(s?.refs.length) || Date.now() >= until,
                deadline: Math.max(until, Date.now()) + LISTING_TROUBLE_MS,
                retryable: (e) => e instanceof CloudError && e.retryable,
            })
            .catch((e) => {
                if (e instanceof WaitTimeoutError) return undefined;
                throw e;
            });
        return listed?.refs.length ? { ref: listed.refs[0], extras: listed.refs.slice(1) } : undefined;
    }
}
