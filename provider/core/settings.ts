import { ConfigError } from "./errors";
import { parseDuration } from "./duration";

/** What the host hands to `configure`: the whole stack config, namespaced, secrets decrypted. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

/**
 * Provider settings: stack config first (set with `pulumi config set [--secret]`), then the
 * environment variables users of each cloud already know. Read when needed, never captured in the
 * serialized provider, so rotated credentials work for `refresh` and `destroy`.
 */
export class Settings {
    constructor(
        private readonly config: ConfigSource | undefined,
        private readonly env: NodeJS.ProcessEnv = process.env,
        /** Where notices about the settings themselves go (a key that moved). */
        private readonly notice: (line: string) => void = () => undefined,
    ) {}

    /**
     * A setting that moved to `newKey`: its value there, else at its old key (saying so), else from the
     * variables.
     */
    renamed(newKey: string, oldKey: string, ...envKeys: string[]): string | undefined {
        const value = this.fromConfig(newKey);
        if (value !== undefined) return value;
        const old = this.fromConfig(oldKey);
        if (old !== undefined) {
            this.notice(`${oldKey} is deprecated: set ${newKey} instead (\`pulumi config set ${newKey} ${old}\`); the ${oldKey.split(":")[0]} namespace is another provider's`);
            return old;
        }
        return this.get(newKey, ...envKeys);
    }

    /** The first value set, empty counting as unset: stack config, then each variable in turn. */
    get(configKey: string, ...envKeys: string[]): string | undefined {
        let value = this.fromConfig(configKey);
        for (const k of envKeys) value ??= this.fromEnv(k);
        return value;
    }

    /** Only the stack config's value. */
    fromConfig(configKey: string): string | undefined {
        const v = this.config?.get(configKey);
        return v === undefined || v === "" ? undefined : v;
    }

    /** Only the environment's value. */
    fromEnv(envKey: string): string | undefined {
        const v = this.env[envKey];
        return v === undefined || v === "" ? undefined : v;
    }

    /** A yes/no setting that moved to `newKey` (see renamed): 1, true or yes. */
    renamedFlag(newKey: string, oldKey: string, ...envKeys: string[]): boolean {
        const v = this.renamed(newKey, oldKey, ...envKeys);
        return v !== undefined && /^(1|true|yes)$/i.test(v);
    }

    duration(configKey: string, envKey: string, fallback: string): number {
        const text = this.get(configKey, envKey) ?? fallback;
        const value = parseDuration(text);
        if (value === undefined) throw new ConfigError(`${configKey} (or ${envKey}) must be a duration such as "5s" or "2m", got "${text}"`);
        return value;
    }

    /** One override that sends every cloud's calls to another endpoint, e.g. the local emulator. */
    endpointOverride(): URL | undefined {
        const raw = this.get("imageImport:endpoint", "IMAGE_IMPORT_ENDPOINT");
        if (!raw) return undefined;
        try {
            const url = new URL(raw);
            if (url.protocol === "http:" || url.protocol === "https:") return url;
        } catch {
            // reported below
        }
        throw new ConfigError(`imageImport:endpoint (or IMAGE_IMPORT_ENDPOINT) must be an http(s) URL such as http://127.0.0.1:8080, got "${raw}"`);
    }

    /** How often waits poll: starting interval and cap (backoff grows between them). */
    pollIntervals(): { minMs: number; maxMs: number } {
        const minMs = this.duration("imageImport:pollInterval", "IMAGE_IMPORT_POLL_INTERVAL", "5s");
        const maxMs = Math.max(minMs, this.duration("imageImport:maxPollInterval", "IMAGE_IMPORT_MAX_POLL_INTERVAL", "60s"));
        return { minMs, maxMs };
    }
}
