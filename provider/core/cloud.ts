import type { CloudIdentity } from "./identity";
import type { CheckedInputs, RecordedInputs, ResourceSchema } from "./schema";
import type { Settings } from "./settings";
import type { CloudImage, StateTable } from "./status";
import type { CheckFailure } from "./validate";

/** Inputs as the engine hands them to the core, before check has typed them: the core's own view only. */
export type Inputs = Record<string, unknown>;

/** Parameters of an API call, by the cloud's own names (the schema's `apiName`s). */
export type ApiParams = Record<string, unknown>;

/** Kept in state beside the image id: what a cloud needs to follow its import (JD's task id, ...). */
export type Tracking = Record<string, string | number>;

/** The answer of `findImported` when the image in the way provably did not come from this create. */
export const NOT_OURS = "not-ours";

/** What a describe call is asked about: the image id and the import's tracking data, if any. */
export interface ImageRef {
    id: string;
    tracking?: Tracking;
}

/** One create's import, and what it can be known by. */
export interface ImportAttempt {
    /**
     * The import's mark (see mark.ts): the same for every run of this resource with these inputs, a killed
     * run's next one included. The cloud's import leaves it on the image, in the field the schema declares
     * `markedDuringImport` (the core puts it there) or in a place of the cloud's own (CVM's tag).
     */
    mark: string;
    /**
     * Unique to this create and stable across its attempts: a cloud's idempotency token (JD's clientToken).
     * A token that outlived the process would be the replacement's too, and the cloud would hand it the
     * image it replaces (the engine checks a replacement's inputs afresh, so nothing tells them apart).
     */
    nonce: string;
}

/** The cloud's answer to an import: an image id where it names one (ECM names none), and tracking data. */
export interface ImportOutcome {
    id?: string;
    tracking?: Tracking;
    /** A word for the user on what the cloud makes of the import (a name it shortens), said when it starts. */
    note?: string;
}

/**
 * The SDK-bound calls of one cloud for one account and region, every one through an ApiCaller (rate
 * limit, retries). Optional behaviour is a capability below, not an optional method.
 */
export interface ImageApi<I = Inputs> {
    /** Images waiting in the same group (cloud, account, region) are described together. */
    readonly pollGroup: string;
    /** How many images one describe call may carry. */
    readonly batchSize: number;
    /** The images of these refs that the cloud lists; a missing one is not (or not yet) listed. */
    describe(refs: readonly ImageRef[]): Promise<Map<string, CloudImage>>;
    /** One attempt at the import. */
    importImage(inputs: I, attempt: ImportAttempt): Promise<ImportOutcome>;
    /** Deletes; throws a CloudError of kind "busy" while the cloud refuses (still importing). */
    deleteImage(ref: ImageRef): Promise<void>;
}

/**
 * How a cloud finds the images an import's mark proves its own (an answer lost, an answer that named no
 * id, a run killed before it recorded its image): every cloud has one of the two capabilities below.
 */
export interface FindsImport<I = Inputs> {
    /**
     * The images that carry this import's mark; none while a listing does not show them yet. NOT_OURS when
     * the cloud shows that what holds the name or source is someone else's (or this resource's sealed
     * image), so there is nothing to wait for.
     */
    findImported(inputs: I, attempt: ImportAttempt): Promise<ImageRef[] | typeof NOT_OURS>;
}

/**
 * Where the mark is in a field the cloud filters its listing on (a name), one listing by the marks' prefix
 * serves every import of the account at once, however many unrelated images it has.
 */
export interface ListsMarked {
    /** Every image that still carries a mark, by its mark, oldest first. */
    listMarked(): Promise<Map<string, ImageRef[]>>;
}

/** Refs grouped by mark, in the order given: what `listMarked` answers. */
export function byMark<T>(images: readonly T[], markAndId: (image: T) => [string, string]): Map<string, ImageRef[]> {
    const out = new Map<string, ImageRef[]>();
    for (const image of images) {
        const [mark, id] = markAndId(image);
        out.set(mark, [...(out.get(mark) ?? []), { id }]);
    }
    return out;
}

export function findsImport<I>(api: ImageApi<I>): api is ImageApi<I> & FindsImport<I> {
    return typeof (api as Partial<FindsImport>).findImported === "function";
}

export function listsMarked<I>(api: ImageApi<I>): api is ImageApi<I> & ListsMarked {
    return typeof (api as Partial<ListsMarked>).listMarked === "function";
}

/** Capability: fields whose schema says `change: "update"` are changed in place. */
export interface Modifiable {
    /** `params` holds each changed field under its API parameter name (the schema's `apiName`). */
    modify(ref: ImageRef, params: ApiParams): Promise<void>;
}

/**
 * Capability: checks against the cloud's own tables (supported OS versions...). They run in check when
 * credentials are there, so a replacement that could not create never deletes first, and again in create.
 */
export interface Preflighted<I = Inputs> {
    preflight(inputs: I): Promise<CheckFailure[]>;
}

/**
 * Capability: the cloud keeps the mark in a place of its own rather than in an input field (CVM's tag),
 * and removes it here once the create has recorded the image (the seal), so that `findImported` never
 * takes a recorded image back (a replacement forced create-first would get the image the engine deletes
 * next). Clouds whose mark is in a field are sealed through Modifiable, with the user's value.
 */
export interface Sealable {
    seal(ref: ImageRef): Promise<void>;
}

export function isSealable<I>(api: ImageApi<I>): api is ImageApi<I> & Sealable {
    return typeof (api as Partial<Sealable>).seal === "function";
}

export function isModifiable<I>(api: ImageApi<I>): api is ImageApi<I> & Modifiable {
    return typeof (api as Partial<Modifiable>).modify === "function";
}

export function isPreflighted<I>(api: ImageApi<I>): api is ImageApi<I> & Preflighted<I> {
    return typeof (api as Partial<Preflighted<I>>).preflight === "function";
}

/**
 * A cloud that refuses a second import of the same image (a name unique in a region, one import per
 * source) with a conflict error: after a killed run, that error is where its image shows up.
 */
export interface ConflictPolicy<I = Inputs> {
    /** The input a conflict error of this code is about, and what the error says beside it. */
    explain(code: string, inputs: I): { field: string; advice: string };
}

/** What `connect` builds: the image calls, with one of the two ways to find an import by its mark. */
export type CloudApi<I = Inputs> = ImageApi<I> & (FindsImport<I> | ListsMarked);

/** How long after an accepted import a missing image is lag, where a cloud declares nothing else. */
const NOT_FOUND_GRACE_MS = 30_000;

/** The cloud's grace for an image it does not show yet (its own, or the default). */
export function notFoundGraceMs(def: CloudDefinition): number {
    return def.notFoundGraceMs ?? NOT_FOUND_GRACE_MS;
}

/** Everything particular to one cloud's resource, typed by its schema; the core does the rest. */
export interface CloudDefinition<S extends ResourceSchema = ResourceSchema> {
    identity: CloudIdentity;
    schema: S;
    /** The cloud's import states, declared once; readiness and failure are derived from them. */
    states: StateTable;
    /**
     * How long after an accepted import a missing image is listing lag rather than a deletion (default
     * NOT_FOUND_GRACE_MS). Clouds whose listings are eventually consistent, or that must find the new image
     * in a listing, need it.
     */
    notFoundGraceMs?: number;
    /**
     * How long an import whose outcome is unknown (a lost answer) is looked for before it is sent again.
     * Where nothing stops a second import (no token, no unique name: ENS), a retry too soon is a second
     * image, so the listing gets this long to show the first; elsewhere one look is enough (0).
     */
    lostImportPatienceMs?: number;
    /**
     * Where the cloud refuses a second import with a conflict, what that conflict means. Where it accepts
     * one (JD, ENS), nothing would stop a killed run's retry from importing again: a create then looks for
     * an image with its mark before it imports.
     */
    conflict?: ConflictPolicy<CheckedInputs<S>>;
    /**
     * Builds the SDK-bound API; throws ConfigError (no credentials...) before any call. It gets the inputs
     * as state records them: `read` and `delete` skip check.
     */
    connect(settings: Settings, inputs: RecordedInputs<S>): CloudApi<CheckedInputs<S>>;
    /** How a user gets out of a failed import, appended to the error. */
    failureHint?: string;
}
