export interface Credential {
    /** Access key id (Tencent SecretId, JD access key, Alibaba AccessKeyId). */
    id: string;
    secret: string;
    /** The account the key belongs to; images are kept per account. */
    account: string;
}

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
    credentials: Record<"tencent" | "jdcloud" | "alicloud", Credential[]>;
}

/** The same test keys as the captured requests of the reference, so those captures replay against the emulator. */
export const TEST_CREDENTIALS: EmulatorOptions["credentials"] = {
    tencent: [{ id: "AKIDTESTTENCENT000000000000000000000", secret: "tencentSecretKey0000000000000000", account: "100000000001" }],
    jdcloud: [{ id: "JDC_TEST_ACCESS_KEY_0000000000000", secret: "JDC_TEST_SECRET_KEY_00000000000000", account: "jdtestpin" }],
    alicloud: [{ id: "LTAI_TEST_ACCESS_KEY_ID", secret: "ali_test_access_key_secret", account: "1234567890123456" }],
};

export function defaultOptions(overrides: Partial<EmulatorOptions> = {}): EmulatorOptions {
    return {
        importDelayMs: 1500,
        importDelayBySource: {},
        failureMarker: "fail",
        listingLagMs: 0,
        lookupLagMs: 0,
        ecmSourceImage: "empty",
        rateLimits: true,
        rateLimitOverrides: {},
        signatures: "strict",
        imageQuota: 500,
        credentials: TEST_CREDENTIALS,
        // An option left undefined (a CLI flag not given) keeps its default.
        ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
    };
}

export function findCredential(options: EmulatorOptions, family: keyof EmulatorOptions["credentials"], id: string): Credential | undefined {
    return options.credentials[family].find((c) => c.id === id);
}
