import type { ResourceSchema } from "./schema";
import type { Settings } from "./settings";
import type { CloudImage, StateTable } from "./status";
import type { CheckFailure } from "./validate";

export type Inputs = Record<string, unknown>;

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
     * The resource's identity, the same for every create of it in its stack, a killed run's next one and a
     * replacement alike: what a mark left on the image (CVM's tag) proves, where the name is unique too.
     */
    token: string;
    /**
     * Unique to this create and stable across its attempts: a cloud's idempotency token (JD's clientToken).
     * A token that outlived the process would be the replacement's too, and the cloud would hand it the
     * image it replaces (the engine checks a replacement's inputs afresh, so nothing tells them apart).
     */
    nonce: string;
    /** Nothing created before this can be this create's image. */
    startedAt: number;
}

/** The cloud's answer to an import: an image id where it names one (ECM names none), and tracking data. */
export interface ImportOutcome {
    id?: string;
    tracking?: Tracking;
}

/**
 * The SDK-bound calls of one cloud for one account and region, every one through an ApiCaller (rate
 * limit, retries). Optional behaviour is a capability below, not an optional method.
 */
export interface ImageApi {
    /** Images waiting in the same group (cloud, account, region) are described together. */
    readonly pollGroup: string;
    /** How many images one describe call may carry. */
    readonly batchSize: number;
    /** The images of these refs that the cloud lists; a missing one is not (or not yet) listed. */
    describe(refs: readonly ImageRef[]): Promise<Map<string, CloudImage>>;
    /** One attempt at the import. */
    importImage(inputs: Inputs, attempt: ImportAttempt): Promise<ImportOutcome>;
    /**
     * The image this create made, when an answer was lost or named no id: found only by what this create
     * controls and can prove (a unique name, the token, a creation time after `startedAt`). NOT_OURS when
     * the cloud shows that what holds the name or source is someone else's, so there is nothing to wait for.
     */
    findImported(inputs: Inputs, attempt: ImportAttempt): Promise<ImageRef | typeof NOT_OURS | undefined>;
    /** Deletes; throws a CloudError of kind "busy" while the cloud refuses (still importing). */
    deleteImage(ref: ImageRef, inputs: Inputs): Promise<void>;
}

/** Capability: fields whose schema says `change: "update"` are changed in place. */
export interface Modifiable {
    /** `params` holds each changed field under its API parameter name (the schema's `apiName`). */
    modify(ref: ImageRef, params: Record<string, unknown>): Promise<void>;
}

/**
 * Capability: checks against the cloud's own tables (supported OS versions...). They run in check when
 * credentials are there, so a replacement that could not create never deletes first, and again in create.
 */
export interface Preflighted {
    preflight(inputs: Inputs): Promise<CheckFailure[]>;
}

/**
 * Capability: marks an image as recorded by its create, where the mark that proves a lost import ours
 * (CVM's token tag) would prove a recorded one ours too. A replacement that the engine makes create first
 * with the name kept (`pulumi up --replace`) then meets the recorded image, which `findImported` no longer
 * takes back (it would hand the replacement the image the engine deletes next).
 */
export interface Sealable {
    seal(ref: ImageRef, token: string): Promise<void>;
}

export function isSealable(api: ImageApi): api is ImageApi & Sealable {
    return typeof (api as Partial<Sealable>).seal === "function";
}

export function isModifiable(api: ImageApi): api is ImageApi & Modifiable {
    return typeof (api as Partial<Modifiable>).modify === "function";
}

export function isPreflighted(api: ImageApi): api is ImageApi & Preflighted {
    return typeof (api as Partial<Preflighted>).preflight === "function";
}

/**
 * What an import's conflict error means (the name or source is taken) when no earlier attempt of this
 * create could have caused it: somebody else's image, reported with the field and the advice.
 */
export interface ConflictPolicy {
    /** The input a conflict error of this code is about, and what the error says beside it. */
    explain(code: string, inputs: Inputs): { field: string; advice: string };
    /**
     * Whether `findImported` can prove that an image came from an earlier run of this create, one killed
     * before it recorded the image (CVM's token tag). Where it cannot, a conflict that no attempt of this
     * run may have caused is somebody else's at once: there is nothing to wait for.
     */
    provesEarlierRuns: boolean;
}

/** Everything particular to one cloud's resource; the core does the rest. */
export interface CloudDefinition {
    /** "tencent-cvm": the runtime key, and the prefix of log lines. */
    cloud: string;
    title: string;
    schema: ResourceSchema;
    /** The cloud's import states, declared once; readiness and failure are derived from them. */
    states: StateTable;
    /** The output holding the cloud's state name. */
    stateOutput: string;
    /**
     * How long after an accepted import a missing image is listing lag rather than a deletion. Clouds whose
     * listings are eventually consistent (or that must find the new image in a listing) need it.
     */
    notFoundGraceMs: number;
    /**
     * How long an import whose outcome is unknown (a lost answer) is looked for before it is sent again.
     * Where nothing stops a second import (no token, no unique name: ENS), a retry too soon is a second
     * image, so the listing gets this long to show the first; elsewhere one look is enough (0).
     */
    lostImportPatienceMs?: number;
    conflict: ConflictPolicy;
    /** Builds the SDK-bound API; throws ConfigError (no credentials...) before any call. */
    connect(settings: Settings, inputs: Inputs): ImageApi;
    /** How a user gets out of a failed import, appended to the error. */
    failureHint?: string;
}
