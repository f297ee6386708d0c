import { createHash } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../core/errors";
import type { Settings } from "../core/settings";

interface Keys {
    secretId: string;
    secretKey: string;
    token?: string;
}

/** What the SDK takes as `credential`: fixed keys, or an object it asks before every request. */
type SdkCredential = Keys | { getCredential(): Promise<Keys> };

export interface TencentClientConfig {
    credential: SdkCredential;
    region?: string;
    profile: {
        language: "en-US";
        httpProfile: { endpoint: string; protocol: string; reqTimeout: number; agent?: http.Agent };
    };
}

export interface TencentConnection {
    config: TencentClientConfig;
    /** Who the calls are for, as a digest: quotas and poll groups are per account, and no key id is kept. */
    account: string;
    /**
     * Run before each call (the ApiCaller's `prepare`): fetches temporary keys from a profile, an instance
     * role or OIDC through the SDK's own providers, failing with a ConfigError that says where it looked.
     * The SDK would wrap that failure into a code-less error, which reads as a network fault.
     */
    prepare(): Promise<void>;
}

/** Loopback calls must not go through http_proxy, which the SDK honours when it has no agent. */
const directAgent = new http.Agent({ keepAlive: true });

const NO_CREDENTIALS =
    "No Tencent Cloud credentials: run `pulumi config set tencentcloud:secretId <id>` and " +
    "`pulumi config set --secret tencentcloud:secretKey <key>`, or set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY " +
    "(a credentials file ~/.tencentcloud/credentials, `tencentcloud:camRoleName` on a CVM instance, or TKE's OIDC variables work too). " +
    "To use the local emulator instead: `npx pulumi-image-import-emulator --port 0 --write-env emulator.env`, then `source emulator.env`.";

/** The SDK's profile files, in the order its ProfileCredential reads them. */
const PROFILE_FILES = () => [path.join(os.homedir(), ".tencentcloud", "credentials"), "/etc/tencentcloud/credentials"];

/** TKE's OIDC variables, which the SDK's OIDCRoleArnCredential reads (keyless CI and pods). */
const OIDC_VARIABLES = ["TKE_REGION", "TKE_PROVIDER_ID", "TKE_WEB_IDENTITY_TOKEN_FILE", "TKE_ROLE_ARN"];

/**
 * Where the keys come from, the first that has any: stack config (`tencentcloud:*`, the names of the
 * tencentcloud Pulumi and Terraform providers), the SDK's environment variables, then the SDK's own
 * providers: the profile file, TKE's OIDC role, the CVM instance role (`tencentcloud:camRoleName`, as the
 * Terraform provider names it). Id, key and token come from one source: a key from config with a stale
 * session token from the shell would fail in a confusing way.
 */
function tencentCredentials(settings: Settings): { credential: SdkCredential; source: string; prepare(): Promise<void> } {
    const none = async () => undefined;
    const sources = [
        {
            where: "stack config",
            keys: { secretId: settings.fromConfig("tencentcloud:secretId"), secretKey: settings.fromConfig("tencentcloud:secretKey"), token: settings.fromConfig("tencentcloud:securityToken") },
            names: ["tencentcloud:secretId", "tencentcloud:secretKey"],
        },
        {
            where: "the environment",
            keys: {
                secretId: settings.fromEnv("TENCENTCLOUD_SECRET_ID"),
                secretKey: settings.fromEnv("TENCENTCLOUD_SECRET_KEY"),
                token: settings.fromEnv("TENCENTCLOUD_SESSION_TOKEN") ?? settings.fromEnv("TENCENTCLOUD_SECURITY_TOKEN"),
            },
            names: ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"],
        },
    ];
    for (const { where, keys, names } of sources) {
        if (keys.secretId && keys.secretKey) return { credential: { secretId: keys.secretId, secretKey: keys.secretKey, token: keys.token }, source: `keys:${keys.secretId}`, prepare: none };
        if (keys.secretId || keys.secretKey) {
            const [missing, present] = keys.secretId ? [names[1], names[0]] : [names[0], names[1]];
            throw new ConfigError(`Incomplete Tencent Cloud credentials: ${missing} is not set (${present} is, in ${where}); both must come from ${where}.`);
        }
    }
    // Required here: only stacks that reach this far load the SDK's providers.
    const sdk = require("tencentcloud-sdk-nodejs-common") as typeof import("tencentcloud-sdk-nodejs-common");
    const profile = PROFILE_FILES().find((f) => fs.existsSync(f));
    const camRole = settings.get("tencentcloud:camRoleName", "TENCENTCLOUD_CAM_ROLE_NAME");
    let provider: { getCredential(): Promise<Partial<Keys>> } | undefined;
    let where = "";
    if (profile) [provider, where] = [new sdk.ProfileCredential(), `the profile file ${profile}`];
    else if (OIDC_VARIABLES.every((v) => settings.fromEnv(v))) [provider, where] = [new sdk.OIDCRoleArnCredential(), `TKE's OIDC role ${settings.fromEnv("TKE_ROLE_ARN")}`];
    else if (camRole) [provider, where] = [new sdk.CvmRoleCredential(), `the CVM instance role ${camRole}`];
    if (!provider) throw new ConfigError(NO_CREDENTIALS);
    const found = provider;
    let current: Keys | undefined;
    return {
        credential: { getCredential: async () => current ?? { secretId: "", secretKey: "" } },
        source: where,
        async prepare() {
            let keys: Partial<Keys>;
            try {
                // The SDK's providers cache temporary keys and renew them before they expire.
                keys = await found.getCredential();
            } catch (e) {
                throw new ConfigError(`Tencent Cloud credentials from ${where} could not be read: ${e instanceof Error ? e.message : String(e)}`);
            }
            if (!keys.secretId || !keys.secretKey) throw new ConfigError(`Tencent Cloud credentials from ${where} hold no secret id and key. ${NO_CREDENTIALS}`);
            current = { secretId: keys.secretId, secretKey: keys.secretKey, token: keys.token || undefined };
        },
    };
}

/**
 * Credentials and endpoint for a Tencent product. Endpoints: `<product>.tencentcloudapi.com`; finance
 * regions (`*-fsi`) have their own `<product>.<region>.tencentcloudapi.com`; `imageImport:tencentcloudInternational`
 * picks the intl site and `imageImport:tencentcloudDomain` any other root domain (their `tencentcloud:` names
 * still work, with a notice: that namespace is the tencentcloud provider's, which refuses keys it does not
 * know); `imageImport:endpoint` sends everything elsewhere.
 */
export function tencentClientConfig(settings: Settings, product: string, region?: string): TencentConnection {
    const { credential, source, prepare } = tencentCredentials(settings);
    const override = settings.endpointOverride();
    let httpProfile: TencentClientConfig["profile"]["httpProfile"];
    if (override) {
        // The SDK wants HOST[:PORT] and the scheme apart (it concatenates them).
        httpProfile = { endpoint: override.host, protocol: `${override.protocol}//`, reqTimeout: 60, agent: override.protocol === "http:" ? directAgent : undefined };
    } else {
        const international = settings.renamedFlag("imageImport:tencentcloudInternational", "tencentcloud:international", "TENCENTCLOUD_INTERNATIONAL");
        const domain = settings.renamed("imageImport:tencentcloudDomain", "tencentcloud:domain", "TENCENTCLOUD_DOMAIN") ?? (international ? "intl.tencentcloudapi.com" : "tencentcloudapi.com");
        const host = region && region.endsWith("-fsi") ? `${product}.${region}.${domain}` : `${product}.${domain}`;
        httpProfile = { endpoint: host, protocol: "https://", reqTimeout: 60 };
    }
    return {
        config: { credential, region, profile: { language: "en-US", httpProfile } },
        account: createHash("sha256").update(source).digest("hex").slice(0, 12),
        prepare,
    };
}
