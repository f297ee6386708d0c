import { createHash } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../core/errors";
import type { AdaptivePace } from "../core/rate-limiter";
import type { Settings } from "../core/settings";

export interface AlicloudCredentials {
    accessKeyId: string;
    accessKeySecret: string;
    securityToken?: string;
}

interface Source {
    id?: string;
    secret?: string;
    token?: string;
    /** How the user names the id and the secret in this source, for the error. */
    names: [string, string];
}

/**
 * Where Alibaba Cloud users already keep their keys: the alicloud Pulumi provider's stack config, the
 * variables of the CLI and the Tea SDKs' default chain, and the older ones of Terraform and the alicloud
 * Pulumi provider. The first source that has an id or a secret is the one: a key from config with a
 * session token left in the shell (or an old key id beside a new secret) would fail in a confusing way.
 */
function sources(settings: Settings): Source[] {
    return [
        {
            id: settings.fromConfig("alicloud:accessKey"),
            secret: settings.fromConfig("alicloud:secretKey"),
            token: settings.fromConfig("alicloud:securityToken"),
            names: ["alicloud:accessKey", "alicloud:secretKey"],
        },
        {
            id: settings.fromEnv("ALIBABA_CLOUD_ACCESS_KEY_ID"),
            secret: settings.fromEnv("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
            token: settings.fromEnv("ALIBABA_CLOUD_SECURITY_TOKEN"),
            names: ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
        },
        {
            id: settings.fromEnv("ALICLOUD_ACCESS_KEY"),
            secret: settings.fromEnv("ALICLOUD_SECRET_KEY"),
            token: settings.fromEnv("ALICLOUD_SECURITY_TOKEN"),
            names: ["ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY"],
        },
    ];
}

const NO_CREDENTIALS =
    "No Alibaba Cloud credentials: run `pulumi config set alicloud:accessKey <id>` and " +
    "`pulumi config set --secret alicloud:secretKey <secret>`, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET " +
    "(ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY are read too; so are the CLI's ~/.aliyun/config.json, ~/.alibabacloud/credentials, " +
    "OIDC's ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE, and an ECS RAM role named in ALIBABA_CLOUD_ECS_METADATA). " +
    "To use the local emulator instead: `npx pulumi-image-import-emulator --port 0 --write-env emulator.env`, then `source emulator.env`.";

/** Keys for pop-core: fixed ones, or a provider it asks before each request (temporary keys renewed). */
export type AlicloudAuth = AlicloudCredentials | { credentialsProvider: { getCredentials(): Promise<AlicloudCredentials> } };

/**
 * Where the Alibaba Cloud SDKs' own default chain would look, when nothing above has keys: the CLI's
 * profile, the shared credentials file, OIDC (keyless CI, ACK), an ECS RAM role, a credentials URI. The
 * chain is only asked when one of them is there: its last resort probes the ECS metadata server, which
 * off ECS only times out.
 */
function chainSource(settings: Settings): string | undefined {
    const home = os.homedir();
    const files = [path.join(home, ".aliyun", "config.json"), path.join(home, ".alibabacloud", "credentials")].filter((f) => fs.existsSync(f));
    if (files.length) return `the profile in ${files[0]}`;
    if (["ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"].every((v) => settings.fromEnv(v))) return `the OIDC role ${settings.fromEnv("ALIBABA_CLOUD_ROLE_ARN")}`;
    if (settings.fromEnv("ALIBABA_CLOUD_ECS_METADATA")) return `the ECS RAM role ${settings.fromEnv("ALIBABA_CLOUD_ECS_METADATA")}`;
    if (settings.fromEnv("ALIBABA_CLOUD_CREDENTIALS_URI")) return "ALIBABA_CLOUD_CREDENTIALS_URI";
    return undefined;
}

/**
 * Keys from the first source that has any (see sources), else from Alibaba Cloud's own credentials chain
 * (@alicloud/credentials), whose failures `prepare` turns into configuration errors that say where it looked.
 */
export function alicloudCredentials(settings: Settings): { auth: AlicloudAuth; source: string; prepare(): Promise<void> } {
    const s = sources(settings).find((c) => c.id || c.secret);
    if (s?.id && s.secret) return { auth: { accessKeyId: s.id, accessKeySecret: s.secret, securityToken: s.token }, source: `keys:${s.id}`, prepare: async () => undefined };
    if (s) {
        const [missing, given] = s.id ? [s.names[1], s.names[0]] : [s.names[0], s.names[1]];
        throw new ConfigError(`Incomplete Alibaba Cloud credentials: ${missing} is not set (${given} is, from the same place); both must come from one source.`);
    }
    const where = chainSource(settings);
    if (!where) throw new ConfigError(NO_CREDENTIALS);
    // Required here: only stacks that need the chain load it.
    const { DefaultCredentialsProvider } = require("@alicloud/credentials") as typeof import("@alicloud/credentials");
    const chain = DefaultCredentialsProvider.builder().build();
    let current: AlicloudCredentials | undefined;
    return {
        auth: { credentialsProvider: { getCredentials: async () => current ?? { accessKeyId: "", accessKeySecret: "" } } },
        source: where,
        async prepare() {
            let got: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string };
            try {
                got = await chain.getCredentials();
            } catch (e) {
                throw new ConfigError(`Alibaba Cloud credentials from ${where} could not be read: ${e instanceof Error ? e.message : String(e)}`);
            }
            if (!got.accessKeyId || !got.accessKeySecret) throw new ConfigError(`Alibaba Cloud credentials from ${where} hold no access key. ${NO_CREDENTIALS}`);
            current = { accessKeyId: got.accessKeyId, accessKeySecret: got.accessKeySecret, securityToken: got.securityToken || undefined };
        },
    };
}

/**
 * pop-core gives up after 3 s, connect and read alike. A busy gateway or a listing page of 50 images can
 * take longer, and for an import a client-side timeout is a lost answer that must then be looked for:
 * 30 s leaves room for a slow answer and still notices a dead connection.
 */
const TIMEOUT_MS = 30_000;

/** One keep-alive pool per scheme for every client in the process, rather than one per client (pop-core's default). */
const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };

/** What pop-core's RPCClient takes. */
export type PopConfig = AlicloudAuth & {
    endpoint: string;
    apiVersion: string;
    opts: { timeout: number; agent: http.Agent };
};

/**
 * Client settings for an Alibaba Cloud RPC product: `https://<product>.aliyuncs.com` (ENS has one endpoint
 * for every region) unless `imageImport:endpoint` sends everything elsewhere, and the account the key
 * belongs to, for quotas and poll groups.
 */
export function popConfig(settings: Settings, product: string, apiVersion: string): { config: PopConfig; account: string; prepare(): Promise<void> } {
    const { auth, source, prepare } = alicloudCredentials(settings);
    const override = settings.endpointOverride();
    // pop-core signs the path as "/" whatever the URL says: only the origin of an override counts.
    const endpoint = override ? override.origin : `https://${product}.aliyuncs.com`;
    const agent = endpoint.startsWith("http:") ? agents["http:"] : agents["https:"];
    return {
        config: { ...auth, endpoint, apiVersion, opts: { timeout: TIMEOUT_MS, agent } },
        // A digest keeps the key id itself out of memory dumps and logs.
        account: createHash("sha256").update(source).digest("hex").slice(0, 12),
        prepare,
    };
}

/**
 * ENS's quota page gives per-API limits for some actions (a look-up such as DescribeEnsRegions: 10 a second)
 * but none for the image calls. Unless the user sets a figure, the pace is learnt from ENS's throttling
 * answers: it starts at the figure ENS gives its look-ups, slows down on a throttled answer (which is
 * retried, never surfaced) and creeps up while calls go through, to whatever the account allows.
 */
export const ALICLOUD_PACE: AdaptivePace = { start: 10, min: 1, max: 100 };

/** The user's fixed figure of requests per second, or undefined: then the pace adapts (ALICLOUD_PACE). */
export function requestsPerSecond(settings: Settings): number | undefined {
    const text = settings.get("imageImport:alicloudRequestsPerSecond", "IMAGE_IMPORT_ALICLOUD_RPS");
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) {
        throw new ConfigError(`imageImport:alicloudRequestsPerSecond (or IMAGE_IMPORT_ALICLOUD_RPS) must be a whole number of requests per second, 1 or more, got "${text}"`);
    }
    return n;
}
