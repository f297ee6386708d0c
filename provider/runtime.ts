import { CLOUD_DEFINITIONS } from "./clouds";
import { ImportedImageProvider, type RuntimeContext } from "./core/lifecycle";
import { Poller } from "./core/poller";
import { Settings, type ConfigSource } from "./core/settings";

/**
 * What the serialized shim loads in the provider host, by package name, so the code that runs is
 * the installed package's, for `refresh` and `destroy` too. One module instance per host process:
 * one poller and one rate limiter for every resource.
 */
let config: ConfigSource | undefined;
let logger: (line: string) => void = (line) => console.log(line);
const poller = new Poller({ minIntervalMs: 5000, maxIntervalMs: 60000 });
const providers = new Map<string, ImportedImageProvider>();

const said = new Set<string>();

/** A notice about the settings, said once per process rather than once per call. */
function once(line: string): void {
    if (said.has(line)) return;
    said.add(line);
    logger(`[image-import] ${line}`);
}

/** The override last announced: calls that go elsewhere than the clouds are said so, once per endpoint. */
let announced: string | undefined;

function announceOverride(settings: Settings): void {
    let url: URL | undefined;
    try {
        url = settings.endpointOverride();
    } catch {
        // A malformed override is reported by the call that needs it.
        return;
    }
    if (!url || url.origin === announced) return;
    announced = url.origin;
    logger(`[image-import] every cloud call goes to ${url.origin} (imageImport:endpoint or IMAGE_IMPORT_ENDPOINT), not to the clouds' own endpoints`);
}

const context: RuntimeContext = {
    settings() {
        const settings = new Settings(config, process.env, once);
        announceOverride(settings);
        return settings;
    },
    poller() {
        const { minMs, maxMs } = new Settings(config).pollIntervals();
        poller.configure({ minIntervalMs: minMs, maxIntervalMs: maxMs });
        return poller;
    },
    log: (line) => logger(line),
};

/** The host calls this once per distinct provider text with the whole stack config (secrets decrypted). */
export function configure(req: { config: ConfigSource }): void {
    config = req.config;
}

export function provider(cloud: string): ImportedImageProvider {
    let p = providers.get(cloud);
    if (!p) {
        const def = CLOUD_DEFINITIONS[cloud];
        if (!def) throw new Error(`pulumi-image-import: unknown cloud "${cloud}"; the installed package may be older than the one that created this stack`);
        p = new ImportedImageProvider(def, context);
        providers.set(cloud, p);
    }
    return p;
}

/** Where progress lines go (the host shows provider stdout); tests may silence or capture them. */
export function setLogger(fn: (line: string) => void): void {
    logger = fn;
}

/** For benchmarks and tests: the shared poller's describe-call count. */
export function pollerStats(): { describeCalls: number } {
    return { describeCalls: poller.describeCalls };
}
