import { AsyncLocalStorage } from "async_hooks";
import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { CLOUD_DEFINITIONS } from "../clouds";
import type { CloudDefinition, Inputs } from "../core/cloud";
import { InitError } from "../core/errors";
import { internalOf, withInternal } from "../core/internal";
import { ImportedImageProvider, type RuntimeContext } from "../core/lifecycle";
import { Poller } from "../core/poller";
import { subjectOf } from "../core/runtime-context";
import { Settings } from "../core/settings";
import { DEFAULT_TIMEOUTS, type Operation } from "../core/timeouts";
import { isPlainObject } from "../core/validate";
import { inPluginTerms, pluginConfigSource, variablesOf } from "./config";
import { packageSchema, pluginTypeOf, PLUGIN_VERSION } from "./schema";

type Provider = pulumi.provider.Provider;

/** The engine's marker of a secret value in a property map (the provider accepts secrets). */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

const isSecret = (v: unknown): v is { value: unknown } => isPlainObject(v) && v[SIG] === SECRET_SIG;
const secret = (value: unknown) => (value === undefined || isSecret(value) ? value : { [SIG]: SECRET_SIG, value });

/** A value with every secret unwrapped, and whether it held one. */
function reveal(v: unknown): [unknown, boolean] {
    if (isSecret(v)) return [reveal(v.value)[0], true];
    if (Array.isArray(v)) {
        const parts = v.map(reveal);
        return [parts.map((p) => p[0]), parts.some((p) => p[1])];
    }
    if (isPlainObject(v)) {
        let any = false;
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
            const [plain, was] = reveal(x);
            out[k] = plain;
            any ||= was;
        }
        return [out, any];
    }
    return [v, false];
}

/** Top-level properties unwrapped, and the names of those that were (or held) secrets. */
function revealAll(props: Inputs | undefined): { plain: Inputs; secrets: Set<string> } {
    const plain: Inputs = {};
    const secrets = new Set<string>();
    for (const [k, v] of Object.entries(props ?? {})) {
        const [p, was] = reveal(v);
        plain[k] = p;
        if (was) secrets.add(k);
    }
    return { plain, secrets };
}

function hide(props: Inputs, keys: Iterable<string>): Inputs {
    const out = { ...props };
    for (const k of keys) if (k in out) out[k] = secret(out[k]);
    return out;
}

/** `urn:pulumi:stack::project::[parent$]type::name`: the resource's own type and name. */
function parseUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const qualified = parts[2] ?? "";
    return { type: qualified.slice(qualified.lastIndexOf("$") + 1), name: parts.slice(3).join("::") };
}

/** What one gRPC call of the engine carried beyond what the Node provider server hands a Provider. */
export interface CallContext {
    /** The engine's timeout for this operation in seconds (customTimeouts), 0 when none. */
    timeoutSeconds?: number;
}

/** Filled by the server (server.ts) around each call, read by the provider below. */
export const callContext = new AsyncLocalStorage<CallContext>();

/** How progress reaches the engine: a line about a resource (by URN), ephemeral while it only says where a wait is. */
export type PluginLog = (line: string, o: { urn?: string; ephemeral: boolean; severity?: "info" | "warning" }) => void;

/**
 * A line that lasts: the image is ready, failed, changed or gone, or something needs the user. Everything
 * else (where a wait is, a state while importing, a look that found nothing yet) is ephemeral status.
 */
export function isLasting(line: string): boolean {
    return /: (ready \(|deleted$|updated |adopted|set |sealed|a second import|not deleted|busy |recovered |import started)/.test(line);
}

/**
 * The four resources behind one Pulumi provider plugin, each through its CloudDefinition and the same
 * ImportedImageProvider the dynamic resources use. Per process: one configuration (the engine starts one
 * plugin process per provider instance), one poller, one limiter.
 */
export class ImageImportPlugin implements Provider {
    readonly version = PLUGIN_VERSION;
    private variables = new Map<string, string>();
    private readonly poller = new Poller({ minIntervalMs: 5000, maxIntervalMs: 60000 });
    private readonly providers = new Map<string, ImportedImageProvider>();
    /** Progress lines name a resource by its subject (`name "image", cloud`): which URN each is. */
    private readonly subjects = new Map<string, string>();
    private readonly said = new Set<string>();

    constructor(
        private readonly log: PluginLog,
        private readonly env: NodeJS.ProcessEnv = process.env,
    ) {}

    /** Configure's variables: the provider's own config, or an explicit provider's inputs. */
    configure(entries: Iterable<[string, string]>): void {
        this.variables = variablesOf(entries);
    }

    async getSchema(): Promise<string> {
        return JSON.stringify(packageSchema());
    }

    private readonly context: RuntimeContext = {
        settings: () => new Settings(pluginConfigSource(this.variables), this.env, (line) => this.once(line)),
        poller: () => {
            const { minMs, maxMs } = new Settings(pluginConfigSource(this.variables), this.env).pollIntervals();
            this.poller.configure({ minIntervalMs: minMs, maxIntervalMs: maxMs });
            return this.poller;
        },
        log: (line) => this.progress(inPluginTerms(line)),
    };

    private once(line: string): void {
        if (this.said.has(line)) return;
        this.said.add(line);
        this.log(`[image-import] ${inPluginTerms(line)}`, { ephemeral: false, severity: "warning" });
    }

    private progress(line: string): void {
        // The longest subject the line starts with (one resource's name may begin another's).
        let urn: string | undefined;
        let longest = -1;
        for (const [subject, u] of this.subjects) {
            const head = `[image-import] ${subject}`;
            if (line.startsWith(head) && /^[ :]/.test(line.slice(head.length)) && subject.length > longest) [urn, longest] = [u, subject.length];
        }
        this.log(line, { urn, ephemeral: !isLasting(line) });
    }

    private cloud(urn: string): { def: CloudDefinition; core: ImportedImageProvider; name: string } {
        const { type, name } = parseUrn(urn);
        const def = Object.values(CLOUD_DEFINITIONS).find((d) => pluginTypeOf(d) === type);
        if (!def) throw new Error(`image-import: unknown resource type ${type}; this plugin (${PLUGIN_VERSION}) serves ${Object.values(CLOUD_DEFINITIONS).map(pluginTypeOf).join(", ")}`);
        let core = this.providers.get(def.identity.key);
        if (!core) {
            core = new ImportedImageProvider(def, this.context);
            this.providers.set(def.identity.key, core);
        }
        return { def, core, name };
    }

    /** Progress about these inputs goes to this URN. */
    private track(urn: string, def: CloudDefinition, inputs: Inputs): void {
        this.subjects.set(subjectOf(def.identity.key, inputs), urn);
    }

    /** Secrets are what the engine sent as secrets, and every presigned URL field (its signature is a credential). */
    private secretKeys(def: CloudDefinition, given: Set<string>): Set<string> {
        const keys = new Set(given);
        for (const [k, spec] of Object.entries(def.schema.inputs)) if (spec.secret) keys.add(k);
        return keys;
    }

    async check(urn: string, olds: Inputs, news: Inputs): Promise<pulumi.provider.CheckResult> {
        const { def, core, name } = this.cloud(urn);
        const o = revealAll(olds).plain;
        const { plain, secrets } = revealAll(news);
        // The create's identity, as the dynamic resources make it on the program side: the same for every run of
        // this resource in this stack (its URN holds the stack, the project, the parents, the type and the name).
        // An image taken in with `pulumi import` stays marked so (read below) through every later check.
        const imported = internalOf(plain).imported === true || internalOf(o).imported === true;
        const inputs = withInternal(plain, { token: createHash("sha256").update(urn).digest("hex").slice(0, 32), resourceName: name, imported: imported || undefined });
        // adoptImageId is the dynamic resources' stand-in for `pulumi import`, which the plugin serves.
        delete inputs.adoptImageId;
        const result = await this.plainly(() => core.check(o, inputs));
        let failures = result.failures ?? [];
        // An image taken in with `pulumi import` has no value for what the cloud does not report (its source):
        // left out on both sides, it is not asked for. A replacement's create asks again (create below).
        if (imported) failures = failures.filter((f) => !(plain[f.property] === undefined && o[f.property] === undefined && !/[.[]/.test(f.property)));
        return {
            inputs: hide(result.inputs ?? inputs, this.secretKeys(def, secrets)),
            failures: failures.map((f) => ({ property: f.property, reason: inPluginTerms(f.reason) })),
        };
    }

    async diff(id: string, urn: string, olds: Inputs, news: Inputs): Promise<pulumi.provider.DiffResult> {
        const { core } = this.cloud(urn);
        return this.plainly(() => core.diff(id, revealAll(olds).plain, revealAll(news).plain));
    }

    async create(urn: string, inputs: Inputs): Promise<pulumi.provider.CreateResult> {
        const { def, core } = this.cloud(urn);
        const { plain, secrets } = revealAll(inputs);
        this.track(urn, def, plain);
        if (internalOf(plain).imported) {
            // A replacement of an imported image imports anew, and needs every input an import needs.
            const missing = (await this.plainly(() => core.check({}, plain))).failures ?? [];
            if (missing.length) throw new Error(`${def.identity.title}: replacing an image taken in with \`pulumi import\` imports a new one, which needs ${missing.map((f) => `${f.property} ${inPluginTerms(f.reason)}`).join("; ")}`);
        }
        const result = await this.timed(urn, "create", plain, (i) => core.create(i));
        return { id: result.id, outs: hide(result.outs, this.secretKeys(def, secrets)) };
    }

    async read(id: string, urn: string, props: Inputs): Promise<pulumi.provider.ReadResult> {
        const { def, core, name } = this.cloud(urn);
        const { plain, secrets } = revealAll(props);
        // `pulumi import` and `get` read an image the stack has no properties of: what the cloud reports is all
        // there is, with the provider's region.
        const importing = Object.keys(plain).length === 0;
        const named = withInternal(plain, { resourceName: internalOf(plain).resourceName ?? name });
        this.track(urn, def, named);
        const result = await this.plainly(() => core.read(id, importing ? named : plain));
        if (!result.id) return { id: "", props: {} };
        const outs = result.props as Inputs;
        if (!importing) return { id: result.id, props: hide(outs, this.secretKeys(def, secrets)) };
        const settings = this.context.settings();
        const inputs: Inputs = {};
        for (const [k, spec] of Object.entries(def.schema.inputs)) {
            if (outs[k] !== undefined && outs[k] !== "" && !(isPlainObject(outs[k]) && Object.keys(outs[k] as object).length === 0)) inputs[k] = outs[k];
            else if (spec.fallback) {
                const value = settings.get(spec.fallback.config, ...spec.fallback.env);
                if (value !== undefined) inputs[k] = value;
            }
        }
        const imported = (props: Inputs) => withInternal(props, { imported: true });
        return { id: result.id, props: imported({ ...outs, ...inputs }), inputs: imported(inputs) };
    }

    async update(id: string, urn: string, olds: Inputs, news: Inputs): Promise<pulumi.provider.UpdateResult> {
        const { def, core } = this.cloud(urn);
        const { plain, secrets } = revealAll(news);
        this.track(urn, def, plain);
        const result = await this.timed(urn, "update", plain, (i) => core.update(id, revealAll(olds).plain, i));
        return { outs: hide(result.outs, this.secretKeys(def, secrets)) };
    }

    async delete(id: string, urn: string, props: Inputs): Promise<void> {
        const { def, core } = this.cloud(urn);
        const { plain } = revealAll(props);
        this.track(urn, def, plain);
        await this.timed(urn, "delete", plain, (i) => core.delete(id, i).then(() => ({ outs: {} })));
    }

    /**
     * Pulumi's customTimeouts for this operation, where the resource's own `timeouts` does not set it: the core's
     * deadline is made from `timeouts`, so the engine's is put there for the call, and taken out of what is recorded.
     */
    private async timed<R extends { outs?: unknown }>(urn: string, op: Operation, inputs: Inputs, run: (inputs: Inputs) => Promise<R>): Promise<R> {
        const seconds = callContext.getStore()?.timeoutSeconds ?? 0;
        const own = isPlainObject(inputs.timeouts) ? inputs.timeouts : undefined;
        if (!(seconds > 0) || typeof own?.[op] === "string") return this.plainly(() => run(inputs));
        const restore = (outs: unknown) => {
            if (!isPlainObject(outs)) return;
            if (own === undefined) delete outs.timeouts;
            else outs.timeouts = own;
        };
        this.log(`[image-import] ${op} waits up to ${Math.ceil(seconds)} s (customTimeouts.${op}; the resource's timeouts.${op} is unset, whose default is ${DEFAULT_TIMEOUTS[op]})`, { urn, ephemeral: false });
        try {
            const result = await this.plainly(() => run({ ...inputs, timeouts: { ...own, [op]: `${Math.ceil(seconds)}s` } }));
            restore(result.outs);
            return result;
        } catch (e) {
            if (e instanceof InitError) restore(e.properties);
            throw e;
        }
    }

    /** Errors name the settings as the plugin's users set them (see inPluginTerms). */
    private async plainly<T>(run: () => Promise<T>): Promise<T> {
        try {
            return await run();
        } catch (e) {
            if (e instanceof InitError) throw new InitError(inPluginTerms(e.message), e.id, e.properties, e.reasons.map(inPluginTerms));
            if (e instanceof Error) e.message = inPluginTerms(e.message);
            throw e;
        }
    }
}
