import type { EmulatorOptions } from "./core/options";

/** The region programs get when they leave it to the provider's default, and the one seeded images live in. */
export const DEFAULT_REGIONS = { tencent: "ap-guangzhou", jdcloud: "cn-north-1", alicloud: "cn-beijing" } as const;

/**
 * The variables that point the provider (and the official SDKs' usual credential variables) at an
 * emulator. The names are the ones users already know; IMAGE_IMPORT_ENDPOINT is this package's one
 * override that sends every cloud's calls to the emulator.
 */
export function emulatorEnv(url: string, options: EmulatorOptions): Record<string, string> {
    const [tc] = options.credentials.tencent;
    const [jd] = options.credentials.jdcloud;
    const [ali] = options.credentials.alicloud;
    return {
        IMAGE_IMPORT_ENDPOINT: url,
        // Emulated imports finish in seconds; poll at that pace rather than the cloud default.
        IMAGE_IMPORT_POLL_INTERVAL: "250ms",
        // A region for programs that leave it to the provider's default (tencentcloud:region, jdcloud:region, alicloud:region).
        TENCENTCLOUD_REGION: DEFAULT_REGIONS.tencent,
        JDCLOUD_REGION: DEFAULT_REGIONS.jdcloud,
        ALIBABA_CLOUD_REGION: DEFAULT_REGIONS.alicloud,
        TENCENTCLOUD_SECRET_ID: tc.id,
        TENCENTCLOUD_SECRET_KEY: tc.secret,
        JDCLOUD_ACCESS_KEY: jd.id,
        JDCLOUD_SECRET_KEY: jd.secret,
        ALIBABA_CLOUD_ACCESS_KEY_ID: ali.id,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: ali.secret,
    };
}

/** `export NAME=value` lines for a POSIX shell to `eval` or source, values quoted where they need it. */
export function toExportLines(env: Record<string, string>): string {
    return Object.entries(env)
        .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
        .join("\n") + "\n";
}

function shellQuote(v: string): string {
    return /^[A-Za-z0-9_./:@=-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/**
 * `NAME=value` lines, as `$GITHUB_ENV` and dotenv files take them: no quoting (they would keep the quotes),
 * so a value that needs it is refused rather than written wrong.
 */
export function toDotenvLines(env: Record<string, string>): string {
    return (
        Object.entries(env)
            .map(([k, v]) => {
                if (/[\r\n]/.test(v)) throw new Error(`${k} holds a line break, which a NAME=value file cannot carry`);
                return `${k}=${v}`;
            })
            .join("\n") + "\n"
    );
}
