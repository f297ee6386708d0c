import { createHash } from "crypto";
import * as http from "http";
import { ConfigError } from "../core/errors";
import type { Settings } from "../core/settings";

export interface TencentClientConfig {
    credential: { secretId: string; secretKey: string; token?: string };
    region?: string;
    profile: {
        language: "en-US";
        httpProfile: { endpoint: string; protocol: string; reqTimeout: number; agent?: http.Agent };
    };
}

/** Loopback calls must not go through http_proxy, which the SDK honours when it has no agent. */
const directAgent = new http.Agent({ keepAlive: true });

/**
 * Credentials and endpoint for a Tencent product, from stack config (`tencentcloud:*`, the names the
 * tencentcloud Pulumi and Terraform providers use) or the SDK's usual environment variables.
 * Endpoints: `<product>.tencentcloudapi.com`; finance regions (`*-fsi`) have their own
 * `<product>.<region>.tencentcloudapi.com`; `tencentcloud:international` picks the intl site and
 * `tencentcloud:domain` any other root domain; `imageImport:endpoint` sends everything elsewhere.
 */
/**
 * Id, key and token come from one source, stack config or else the environment: a key from config
 * with a stale session token from the shell would fail in a confusing way.
 */
function tencentCredentials(settings: Settings): { secretId: string; secretKey: string; token?: string } {
    const config = {
        secretId: settings.fromConfig("tencentcloud:secretId"),
        secretKey: settings.fromConfig("tencentcloud:secretKey"),
        token: settings.fromConfig("tencentcloud:securityToken"),
    };
    const env = {
        secretId: settings.fromEnv("TENCENTCLOUD_SECRET_ID"),
        secretKey: settings.fromEnv("TENCENTCLOUD_SECRET_KEY"),
        token: settings.fromEnv("TENCENTCLOUD_SESSION_TOKEN") ?? settings.fromEnv("TENCENTCLOUD_SECURITY_TOKEN"),
    };
    const [c, names] = config.secretId || config.secretKey ? [config, ["tencentcloud:secretId", "tencentcloud:secretKey"]] : [env, ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"]];
    if (c.secretId && c.secretKey) return { secretId: c.secretId, secretKey: c.secretKey, token: c.token };
    if (c.secretId || c.secretKey) throw new ConfigError(`Incomplete Tencent Cloud credentials: ${c.secretId ? names[1] : names[0]} is not set (${c.secretId ? names[0] : names[1]} is).`);
    throw new ConfigError(
        "No Tencent Cloud credentials: run `pulumi config set tencentcloud:secretId <id>` and " +
            "`pulumi config set --secret tencentcloud:secretKey <key>`, or set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY. " +
            "To use the local emulator instead: `npx pulumi-image-import-emulator --port 0 --write-env emulator.env`, then `source emulator.env`.",
    );
}

export function tencentClientConfig(settings: Settings, product: string, region?: string): { config: TencentClientConfig; account: string } {
    const { secretId, secretKey, token } = tencentCredentials(settings);
    const override = settings.endpointOverride();
    let httpProfile: TencentClientConfig["profile"]["httpProfile"];
    if (override) {
        // The SDK wants HOST[:PORT] and the scheme apart (it concatenates them).
        httpProfile = { endpoint: override.host, protocol: `${override.protocol}//`, reqTimeout: 60, agent: override.protocol === "http:" ? directAgent : undefined };
    } else {
        const domain = settings.get("tencentcloud:domain", "TENCENTCLOUD_DOMAIN") ?? (settings.flag("tencentcloud:international", "TENCENTCLOUD_INTERNATIONAL") ? "intl.tencentcloudapi.com" : "tencentcloudapi.com");
        const host = region && region.endsWith("-fsi") ? `${product}.${region}.${domain}` : `${product}.${domain}`;
        httpProfile = { endpoint: host, protocol: "https://", reqTimeout: 60 };
    }
    return {
        config: { credential: { secretId, secretKey, token }, region, profile: { language: "en-US", httpProfile } },
        // Quotas and poll groups are per account; a digest keeps the key id itself out of memory dumps and logs.
        account: createHash("sha256").update(secretId).digest("hex").slice(0, 12),
    };
}
