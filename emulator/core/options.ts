/** A test access key the emulator accepts, and the account its calls act on. */
export interface Credential {
    /** Access key id (Tencent SecretId, JD access key, Alibaba AccessKeyId). */
    id: string;
    /** The secret that requests signed with this key must be signed with. */
    secret: string;
    /** The account the key belongs to; images are kept per account. */
    account: string;
}

/** How the emulated clouds behave; every field has a default (see {@link TEST_CREDENTIALS} for the keys). */
export interface EmulatorOptions {
    /** How long an import takes when no per-source rule matches. */
    importDelayMs: number;
    /** Sources (URL, object key) containing a key of this map take that many milliseconds instead. */
    importDelayBySource: Record<string, number>;
    /** Sources containing this marker end in the cloud's failure state: the documented failure convention. */
    failureMarker: string;
    /**
     * Eventual consistency, on every cloud: for this long after an import, the new image is missing
     * from listings (queries other than by exact id; it is found by id at once), as on real clouds.
     */
    listingLagMs: number;
    /**
     * Unrelated images each cloud holds from the start (ready, in the first account and the default region),
     * as an account with a history has; they count against the quotas, which must leave room for the test.
     */
    seedImages: number;
    /** Right after an import, describes by exact id miss the new image for this long too (a lagging replica). */
    lookupLagMs: number;
    /**
     * What ECM reports of an imported image's source in `SrcImage`: "empty", as in the only published example
     * of an EXTERNAL_IMPORT image, or "filled" with the CVM image's id and region.
     */
    ecmSourceImage: "empty" | "filled";
    /** Answer over-limit calls with each cloud's throttle error. */
    rateLimits: boolean;
    /** Per cloud and action overrides of the documented limits ("tencent-cvm:DescribeImages": 5). */
    rateLimitOverrides: Record<string, number>;
    /** strict: reject bad signatures and stale timestamps like the cloud; off: accept any signature of a known key. */
    signatures: "strict" | "off";
    /** Custom image quota per account and region. */
    imageQuota: number;
    // JD Cloud VM, where the cloud is less kind than an emulator that answers the way the SDK documents.
    /**
     * Which of the two published shapes JD's import answers in. "current": `result.taskId` (string), tasks
     * with `action: "ImportImage"` and the failure reason in `errorInfo`, as the SDK documents. "older": an
     * integer `result.importTaskId`, integer task ids, `action: "ImportImageTask"` and the reason in `message`,
     * as earlier API pages show. A client has to read both.
     */
    jdcloudTaskShape: "current" | "older";
    /**
     * JD snapshots per account and region. Every import makes one, and deleteImage keeps it unless asked
     * not to, so leftovers use this up while the image quota still has room.
     */
    jdcloudSnapshotQuota: number;
    /** How long a deleted JD image is still described, with status `deleting`, before it is gone. */
    jdcloudDeletingMs: number;
    // Alibaba Cloud ENS, where the cloud is less kind than an emulator that answers at once.
    /**
     * What DeleteImage and ModifyImageAttribute answer for an image id the account does not have:
     * "400" (default; the HTTP status of every ENS image error Alibaba publishes, DeleteImage's
     * `Error.DeleteImage` "The image is not exist.", ModifyImageAttribute's `InvalidParameter.ImageId`),
     * "success" (nothing done, as ECS documents for its DeleteImage) or "404" (`InvalidImageId.NotFound`,
     * the emulator's earlier answer). No ENS not-found answer is documented well enough to rely on.
     */
    ensNotFound: "success" | "400" | "404";
    /**
     * How long ENS listings (DescribeSelfImages, DescribeImages without ImageId) still show a renamed
     * image's old name, or a deleted image; 0 = at once.
     */
    ensSettleMs: number;
    /** The access keys each cloud family accepts; the first of each is the one {@link emulatorEnv} hands out. Fixed at start-up. */
    credentials: Record<"tencent" | "jdcloud" | "alicloud", Credential[]>;
}

/**
 * The emulator's own keys: plainly not a cloud's (no AKID..., LTAI... or JDC_... shapes), so secret scanners of a
 * project that installs the package do not take them for leaked ones.
 */
export const TEST_CREDENTIALS: EmulatorOptions["credentials"] = {
    tencent: [{ id: "emulator-tencentcloud-secret-id", secret: "emulator-tencentcloud-secret-key", account: "100000000001" }],
    jdcloud: [{ id: "emulator-jdcloud-access-key", secret: "emulator-jdcloud-secret-key", account: "jdtestpin" }],
    alicloud: [{ id: "emulator-alicloud-access-key-id", secret: "emulator-alicloud-access-key-secret", account: "1234567890123456" }],
};

export function defaultOptions(overrides: Partial<EmulatorOptions> = {}): EmulatorOptions {
    return {
        importDelayMs: 1500,
        importDelayBySource: {},
        failureMarker: "fail",
        listingLagMs: 0,
        seedImages: 0,
        lookupLagMs: 0,
        ecmSourceImage: "empty",
        rateLimits: true,
        rateLimitOverrides: {},
        signatures: "strict",
        imageQuota: 500,
        jdcloudTaskShape: "current",
        jdcloudSnapshotQuota: 500,
        jdcloudDeletingMs: 2000,
        // Alibaba Cloud ENS: the answer to an unknown image id, and renames and deletes settling in half a second.
        ensNotFound: "400",
        ensSettleMs: 500,
        credentials: TEST_CREDENTIALS,
        // An option left undefined (a CLI flag not given) keeps its default.
        ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
    };
}

export function findCredential(options: EmulatorOptions, family: keyof EmulatorOptions["credentials"], id: string): Credential | undefined {
    return options.credentials[family].find((c) => c.id === id);
}
