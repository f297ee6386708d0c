/**
 * Serves ImageImportPlugin through `@pulumi/pulumi/provider`'s `main`. That server hands a Provider the
 * properties of each call and nothing else: its Configure answers without asking the provider (so the
 * provider's configuration would never arrive), and it drops the engine's timeout of Create, Update and
 * Delete (customTimeouts). The service implementation it registers is wrapped here, on its way to gRPC:
 * Configure's variables reach the plugin, and each call's timeout is kept for the provider (callContext).
 * Progress goes to the engine's Log service (the address the engine gives the plugin) with the resource's
 * URN, ephemeral while it only says where a wait is.
 */
import { createRequire } from "module";
import { callContext, ImageImportPlugin, type PluginLog } from "./provider";

type Handler = (call: { request: any }, callback: (...args: unknown[]) => void) => unknown;

/** @grpc/grpc-js and the protos as @pulumi/pulumi itself loads them: the same module instances its server uses. */
function pulumiModules() {
    const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));
    return {
        grpc: fromPulumi("@grpc/grpc-js") as typeof import("@grpc/grpc-js"),
        provrpc: require("@pulumi/pulumi/proto/provider_grpc_pb") as { ResourceProviderService: unknown },
        engrpc: require("@pulumi/pulumi/proto/engine_grpc_pb") as typeof import("@pulumi/pulumi/proto/engine_grpc_pb"),
        engproto: require("@pulumi/pulumi/proto/engine_pb") as typeof import("@pulumi/pulumi/proto/engine_pb"),
    };
}

/** The engine's address: the plugin's first argument that is not a flag (as the server's own parseArgs reads it). */
export function engineAddress(args: readonly string[]): string | undefined {
    for (let i = 0; i < args.length; i++) {
        if (args[i] === "--tracing") i++;
        else if (!args[i].startsWith("-")) return args[i];
    }
    return undefined;
}

/** Progress to the engine's log, by URN; to stderr (which the engine keeps in its own log) when there is no engine. */
function engineLog(address: string | undefined): PluginLog {
    const { grpc, engrpc, engproto } = pulumiModules();
    const client = address ? new engrpc.EngineClient(address, grpc.credentials.createInsecure()) : undefined;
    let broken = !client;
    return (line, o) => {
        if (broken) {
            process.stderr.write(`${line}\n`);
            return;
        }
        const req = new engproto.LogRequest();
        req.setSeverity(o.severity === "warning" ? engproto.LogSeverity.WARNING : engproto.LogSeverity.INFO);
        req.setMessage(line);
        if (o.urn) req.setUrn(o.urn);
        req.setEphemeral(o.ephemeral);
        client!.log(req, (err) => {
            if (err) {
                // Not an engine after all (a test host): say it where a person can read it.
                broken = true;
                process.stderr.write(`${line}\n`);
            }
        });
    };
}

/**
 * Wraps the provider service the Node server registers: Configure tells the plugin its variables first,
 * Create, Update and Delete run with the engine's timeout in callContext.
 */
function interceptService(plugin: ImageImportPlugin): void {
    const { grpc, provrpc } = pulumiModules();
    const addService = grpc.Server.prototype.addService as (this: unknown, service: unknown, impl: unknown) => void;
    (grpc.Server.prototype as { addService: unknown }).addService = function (this: unknown, service: unknown, impl: any) {
        if (service === provrpc.ResourceProviderService) {
            const wrapped = Object.create(impl) as Record<string, Handler>;
            wrapped.configure = (call, callback) => {
                try {
                    plugin.configure(call.request.getVariablesMap().entries() as Iterable<[string, string]>);
                } catch (e) {
                    return callback(e);
                }
                return impl.configure.call(impl, call, callback);
            };
            for (const method of ["create", "update", "delete"]) {
                wrapped[method] = (call, callback) => callContext.run({ timeoutSeconds: Number(call.request.getTimeout?.() ?? 0) }, () => impl[method].call(impl, call, callback));
            }
            // Every other handler is the server's own: grpc-js looks them up by name, inherited ones too.
            return addService.call(this, service, wrapped);
        }
        return addService.call(this, service, impl);
    };
}

/** The plugin's entry: `pulumi-resource-image-import <engine address>`, as the engine starts it. */
export async function serve(args: string[] = process.argv.slice(2)): Promise<void> {
    const plugin = new ImageImportPlugin(engineLog(engineAddress(args)));
    interceptService(plugin);
    const { main } = require("@pulumi/pulumi/provider") as typeof import("@pulumi/pulumi/provider");
    await main(plugin, args);
}
