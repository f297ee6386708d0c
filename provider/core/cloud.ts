import type { ImageStatus } from "./poller";
import type { Settings } from "./settings";
import type { Schema } from "./validate";

export type Inputs = Record<string, unknown>;

/**
 * The SDK-bound calls of one cloud for one account and region: everything the shared lifecycle
 * needs, and nothing else. Each call goes through an ApiCaller (rate limit, retries).
 */
export interface ImageApi {
    /** Images waiting in the same group are described together (cloud, account, region). */
    readonly pollGroup: string;
    /** How many ids one describe call may carry. */
    readonly batchSize: number;
    describe(ids: string[]): Promise<Map<string, ImageStatus>>;
    /**
     * Start the import; one attempt. `token` is unique to this create and stable across its
     * retries: clouds with an idempotency token send it; the others ignore it.
     */
    importImage(inputs: Inputs, token: string): Promise<string>;
    /**
     * The image this create made, if a lost response hid it: by exact name on clouds whose names
     * are unique, or by token.
     */
    findImported(inputs: Inputs, token: string): Promise<string | undefined>;
    /** Checks against the cloud's own tables (supported OS versions...); throws naming the field. */
    preflight?(inputs: Inputs): Promise<void>;
    /** An existing image that the import would collide with (name taken), checked before importing. */
    findConflict?(inputs: Inputs): Promise<string | undefined>;
    modify(id: string, inputs: Inputs, keys: string[]): Promise<void>;
    /** Delete; throws a CloudError of kind "busy" while the cloud refuses (still importing). */
    deleteImage(id: string, inputs: Inputs): Promise<void>;
}

/** Everything particular to one cloud's resource; the lifecycle in core does the rest. */
export interface CloudDefinition {
    /** "tencent-cvm": the runtime key, and the prefix of log lines. */
    kind: string;
    title: string;
    schema: Schema;
    /** The input holding the image name (named in conflict errors). */
    nameField: string;
    /**
     * Whether the recorded outputs describe a ready image. One that is not (an import that timed
     * out or failed) makes diff report a change, so `up` calls update, which resumes the wait:
     * `pulumi refresh` clears the engine's init errors, and this keeps the resume path alive.
     */
    isReady(outputs: Record<string, unknown>): boolean;
    /** Names unique within these fields' scope (e.g. region): keeping the name means delete first. */
    uniqueName?: { field: string; within: string[] };
    /** Defaults taken from settings (e.g. the region from stack config), applied in check. */
    defaults?(inputs: Inputs, settings: Settings): Inputs;
    /** Builds the SDK-bound API; throws ConfigError (no credentials...) before any call. */
    connect(settings: Settings, inputs: Inputs): ImageApi;
    /** How a user gets out of a failed import, appended to the error. */
    failureHint?: string;
}
