/**
 * The in-process gRPC server the program talks to: `pulumirpc.ResourceMonitor` and `pulumirpc.Engine`.
 *
 * It only translates protobuf to the plain goals of deployment.ts and back. What the Node SDK calls is listed in the
 * reference §6.4 (runtime/settings.js `awaitFeatureSupport`, runtime/resource.js, runtime/stack.js).
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as resrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { Deployment, RegisterResult } from "./deployment";
import { PropertyMap, stripSecrets } from "./secrets";

/**
 * Monitor features answered "yes". Kept to what this model implements: `secrets` (values arrive wrapped and are
 * returned wrapped). Everything else (resource references, output values, aliases specs, transforms, hooks,
 * deletedWith, ...) answers "no", and the SDK falls back to its older encodings (ids/urns instead of references,
 * plain values instead of output values) or refuses the feature.
 */
const SUPPORTED_FEATURES = new Set(["secrets"]);

export interface MonitorServer {
  address: string;
  close(): Promise<void>;
}

export interface MonitorOptions {
  project: string;
  stack: string;
  deployment: Deployment;
  onLog: (line: string) => void;
}

const fromStruct = (s: Struct | undefined): PropertyMap => (s ? (s.toJavaScript() as PropertyMap) : {});

function unimplemented(what: string): grpc.ServiceError {
  return Object.assign(new Error(`${what} is not supported by the test harness`), {
    code: grpc.status.UNIMPLEMENTED,
    details: `${what} is not supported by the test harness`,
    metadata: new grpc.Metadata(),
  });
}

/**
 * A failed step cancels the deployment (step_executor.go `executeChain` -> `cancelDueToError` -> `se.cancel()`), so
 * the monitor answers the pending RegisterResource with Unavailable ("resource monitor shut down while waiting on
 * step's done channel", resource_monitor.go). The SDK then stops sending RPCs and the program ends quietly
 * (runtime/resource.js `terminateRpcs`); the engine itself reports the step error. A side effect worth having: the
 * program does not hit the ~35 s exit of an unhandled registration error (reference §6.4).
 */
function toServiceError(e: unknown): Partial<grpc.StatusObject> {
  return { code: grpc.status.UNAVAILABLE, details: e instanceof Error ? e.message : String(e) };
}

function respond<T>(cb: grpc.sendUnaryData<T>, work: () => Promise<T> | T): void {
  Promise.resolve()
    .then(work)
    .then(
      (res) => cb(null, res),
      (e: unknown) => cb(toServiceError(e)),
    );
}

/** The engine strips secrets from responses when the SDK did not ask for them (acceptSecrets=false). */
function outputsFor(outputs: PropertyMap, acceptSecrets: boolean): Struct {
  return Struct.fromJavaScript(acceptSecrets ? outputs : stripSecrets(outputs));
}

export async function startMonitor(o: MonitorOptions): Promise<MonitorServer> {
  const d = o.deployment;

  const monitor: resrpc.IResourceMonitorServer = {
    supportsFeature: (call, cb) =>
      respond(cb, () => new resproto.SupportsFeatureResponse().setHassupport(SUPPORTED_FEATURES.has(call.request.getId()))),

    getDeploymentInfo: (_call, cb) =>
      respond(cb, () => new resproto.DeploymentInfo().setProject(o.project).setStack(o.stack)),

    registerResource: (call, cb) =>
      respond(cb, async () => {
        const req = call.request;
        const result: RegisterResult = await d.register({
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent() || undefined,
          custom: req.getCustom(),
          inputs: fromStruct(req.getObject()),
          dependencies: req.getDependenciesList(),
          deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
          additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
          ignoreChanges: req.getIgnorechangesList(),
          retainOnDelete: req.hasRetainondelete() ? req.getRetainondelete() : undefined,
          importId: req.getImportid() || undefined,
          provider: req.getProvider() || undefined,
        });
        const res = new resproto.RegisterResourceResponse();
        res.setUrn(result.urn);
        res.setId(result.id);
        res.setObject(outputsFor(result.outputs, req.getAcceptsecrets()));
        res.setResult(resproto.Result.SUCCESS);
        return res;
      }),

    readResource: (call, cb) =>
      respond(cb, async () => {
        const req = call.request;
        if (req.getProvider()) throw new Error("explicit providers are not supported by the harness");
        const result = await d.read({
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent() || undefined,
          id: req.getId(),
          props: fromStruct(req.getProperties()),
          dependencies: req.getDependenciesList(),
          additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        });
        const res = new resproto.ReadResourceResponse();
        res.setUrn(result.urn);
        res.setProperties(outputsFor(result.outputs, req.getAcceptsecrets()));
        return res;
      }),

    registerResourceOutputs: (call, cb) =>
      respond(cb, () => {
        d.registerOutputs(call.request.getUrn(), fromStruct(call.request.getOutputs()));
        return new Empty();
      }),

    // The SDK calls this when the program finished; the real engine answers once all steps are done. Our steps are
    // done when their RegisterResource calls returned, so answer at once.
    signalAndWaitForShutdown: (_call, cb) => respond(cb, () => new Empty()),

    invoke: (_call, cb) => cb(unimplemented("Invoke")),
    call: (_call, cb) => cb(unimplemented("Call")),
    registerStackTransform: (_call, cb) => cb(unimplemented("RegisterStackTransform")),
    registerStackInvokeTransform: (_call, cb) => cb(unimplemented("RegisterStackInvokeTransform")),
    registerResourceHook: (_call, cb) => cb(unimplemented("RegisterResourceHook")),
    registerErrorHook: (_call, cb) => cb(unimplemented("RegisterErrorHook")),
    registerPackage: (_call, cb) => cb(unimplemented("RegisterPackage")),
  };

  let rootUrn = "";
  const severityName: Record<number, string> = {
    [engproto.LogSeverity.INFO]: "info",
    [engproto.LogSeverity.WARNING]: "warning",
    [engproto.LogSeverity.ERROR]: "error",
  };
  const engine: engrpc.IEngineServer = {
    // The SDK sends debug logs too (they can contain secret outputs, reference §2.4): only non-debug ones are shown,
    // as the CLI does without -v.
    log: (call, cb) =>
      respond(cb, () => {
        const req = call.request;
        const severity = req.getSeverity();
        if (severity !== engproto.LogSeverity.DEBUG) {
          const where = req.getUrn() ? ` (${req.getUrn()})` : "";
          o.onLog(`${severityName[severity] ?? "info"}: ${req.getMessage()}${where}`);
          if (severity === engproto.LogSeverity.ERROR) d.errors.push(req.getMessage());
        }
        return new Empty();
      }),
    getRootResource: (_call, cb) => respond(cb, () => new engproto.GetRootResourceResponse().setUrn(rootUrn)),
    setRootResource: (call, cb) =>
      respond(cb, () => {
        rootUrn = call.request.getUrn();
        return new engproto.SetRootResourceResponse();
      }),
    requirePulumiVersion: (_call, cb) => respond(cb, () => new engproto.RequirePulumiVersionResponse()),
    startDebugging: (_call, cb) => cb(unimplemented("StartDebugging")),
  };

  const server = new grpc.Server();
  server.addService(resrpc.ResourceMonitorService, monitor);
  server.addService(engrpc.EngineService, engine);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Give in-flight calls a moment, then force: a hung program must not keep the harness alive.
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
