import type { ConfigSource } from "../core/settings";

/** The package name the plugin serves its resources and its configuration under. */
export const PACKAGE = "image-import";

/**
 * One setting of the provider: its variable under the package's namespace (`image-import:<name>`, or an
 * explicit provider's input `<name>`), and the stack config key the dynamic resources read for the same
 * setting (`tencentcloud:secretId`), which is what the core's Settings ask for. The environment variables
 * are the same Settings' fallbacks, listed for the docs.
 */
export interface ConfigVariable {
    name: string;
    /** The key Settings asks for (the dynamic resources' stack config key). */
    key: string;
    type: "string" | "boolean" | "number";
    doc: string;
    secret?: boolean;
    env?: readonly string[];
}

/**
 * Every setting the core reads (provider/core/settings.ts and each cloud's connection), under one package
 * namespace: an explicit provider holds a whole account of one or more clouds. Without a value the core
 * falls back as for the dynamic resources: the environment, then profiles and roles.
 */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
    { name: "endpoint", key: "imageImport:endpoint", type: "string", doc: "Send every cloud's calls to this http(s) URL instead of the clouds' endpoints, e.g. the local emulator.", env: ["IMAGE_IMPORT_ENDPOINT"] },
    { name: "pollInterval", key: "imageImport:pollInterval", type: "string", doc: 'How often waits poll, e.g. "5s" (the default).', env: ["IMAGE_IMPORT_POLL_INTERVAL"] },
    { name: "maxPollInterval", key: "imageImport:maxPollInterval", type: "string", doc: 'The longest pause between polls while describes fail, e.g. "60s" (the default).', env: ["IMAGE_IMPORT_MAX_POLL_INTERVAL"] },
    { name: "tencentcloudSecretId", key: "tencentcloud:secretId", type: "string", doc: "Tencent Cloud secret id (CVM and ECM).", env: ["TENCENTCLOUD_SECRET_ID"] },
    { name: "tencentcloudSecretKey", key: "tencentcloud:secretKey", type: "string", doc: "Tencent Cloud secret key.", secret: true, env: ["TENCENTCLOUD_SECRET_KEY"] },
    { name: "tencentcloudSecurityToken", key: "tencentcloud:securityToken", type: "string", doc: "Tencent Cloud session token of temporary keys.", secret: true, env: ["TENCENTCLOUD_SESSION_TOKEN", "TENCENTCLOUD_SECURITY_TOKEN"] },
    { name: "tencentcloudRegion", key: "tencentcloud:region", type: "string", doc: "The Tencent Cloud region of resources that set none.", env: ["TENCENTCLOUD_REGION"] },
    { name: "tencentcloudCamRoleName", key: "tencentcloud:camRoleName", type: "string", doc: "Use this CVM instance role for keys when no other source has any.", env: ["TENCENTCLOUD_CAM_ROLE_NAME"] },
    { name: "tencentcloudInternational", key: "imageImport:tencentcloudInternational", type: "boolean", doc: "Call the international site (*.intl.tencentcloudapi.com).", env: ["TENCENTCLOUD_INTERNATIONAL"] },
    { name: "tencentcloudDomain", key: "imageImport:tencentcloudDomain", type: "string", doc: "Call this root domain instead of tencentcloudapi.com.", env: ["TENCENTCLOUD_DOMAIN"] },
    { name: "jdcloudAccessKey", key: "jdcloud:accessKey", type: "string", doc: "JD Cloud access key.", env: ["JDCLOUD_ACCESS_KEY"] },
    { name: "jdcloudSecretKey", key: "jdcloud:secretKey", type: "string", doc: "JD Cloud secret key.", secret: true, env: ["JDCLOUD_SECRET_KEY"] },
    { name: "jdcloudRegion", key: "jdcloud:region", type: "string", doc: "The JD Cloud region of resources that set none.", env: ["JDCLOUD_REGION"] },
    { name: "alicloudAccessKey", key: "alicloud:accessKey", type: "string", doc: "Alibaba Cloud access key id.", env: ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"] },
    { name: "alicloudSecretKey", key: "alicloud:secretKey", type: "string", doc: "Alibaba Cloud access key secret.", secret: true, env: ["ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY"] },
    { name: "alicloudSecurityToken", key: "alicloud:securityToken", type: "string", doc: "Alibaba Cloud STS token of temporary keys.", secret: true, env: ["ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN"] },
    { name: "alicloudRegion", key: "alicloud:region", type: "string", doc: "The OSS region of ENS resources that set none.", env: ["ALIBABA_CLOUD_REGION", "ALICLOUD_REGION"] },
    { name: "alicloudRequestsPerSecond", key: "imageImport:alicloudRequestsPerSecond", type: "number", doc: "The client-side rate of ENS calls (ENS publishes none).", env: ["IMAGE_IMPORT_ALICLOUD_RPS"] },
];

const BY_KEY = new Map(CONFIG_VARIABLES.map((v) => [v.key, v]));

/**
 * The core's Settings read the provider's configuration through this: each key the dynamic resources read
 * from stack config is answered by the provider's variable for it. Keys with no variable (the deprecated
 * `tencentcloud:international`) have no value.
 */
export function pluginConfigSource(values: ReadonlyMap<string, string>): ConfigSource {
    return {
        get(key: string) {
            const v = BY_KEY.get(key);
            return v ? values.get(v.name) : undefined;
        },
    };
}

/**
 * The provider's variables from Configure's `variables` (`image-import:<name>` to a string, the engine's
 * form for config and for an explicit provider's inputs alike); values that are not strings come JSON-encoded.
 */
export function variablesOf(entries: Iterable<[string, string]>): Map<string, string> {
    const out = new Map<string, string>();
    for (const [k, v] of entries) {
        const name = k.startsWith(`${PACKAGE}:`) ? k.slice(PACKAGE.length + 1) : k.startsWith(`${PACKAGE}:config:`) ? k.slice(PACKAGE.length + 8) : undefined;
        if (name !== undefined && v !== undefined && v !== "") out.set(name.replace(/^config:/, ""), v);
    }
    return out;
}

/** Messages name the settings as the plugin's users set them: `image-import:tencentcloudSecretId`, not `tencentcloud:secretId`. */
export function inPluginTerms(text: string): string {
    let out = text;
    for (const v of CONFIG_VARIABLES) out = out.split(v.key).join(`${PACKAGE}:${v.name}`);
    return out;
}
