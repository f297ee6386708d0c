/**
 * Programs that use the provider plugin (pulumi-resource-image-import) rather than the dynamic resources:
 * the plugin's settings as stack config under its own namespace, each cloud's credentials secret, and the
 * variables that would also reach it cleared, so that what works is the provider's configuration.
 */
import type { Emulator } from "../../emulator";
import type { ConfigValues } from "./pulumi";

/** The emulator's credentials and endpoint as the plugin's stack config (`image-import:<name>`), secrets secret. */
export function pluginConfig(emu: Emulator, o: { prefix?: string } = {}): ConfigValues {
    const p = o.prefix ?? "image-import:";
    return {
        [`${p}endpoint`]: emu.url,
        [`${p}pollInterval`]: "100ms",
        [`${p}tencentcloudSecretId`]: emu.env.TENCENTCLOUD_SECRET_ID,
        [`${p}tencentcloudSecretKey`]: { value: emu.env.TENCENTCLOUD_SECRET_KEY, secret: true },
        [`${p}jdcloudAccessKey`]: emu.env.JDCLOUD_ACCESS_KEY,
        [`${p}jdcloudSecretKey`]: { value: emu.env.JDCLOUD_SECRET_KEY, secret: true },
        [`${p}alicloudAccessKey`]: emu.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
        [`${p}alicloudSecretKey`]: { value: emu.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, secret: true },
    };
}

/** The emulator's variables with every credential and endpoint blank: only the provider's configuration is left. */
export function withoutCredentialVariables(emu: Emulator): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...emu.env };
    for (const k of Object.keys(env)) if (/(SECRET|ACCESS_KEY|ENDPOINT)/.test(k)) env[k] = "";
    return env;
}
