/**
 * One `@pulumi/pulumi/cmd/dynamic-provider` process, driven over `pulumirpc.ResourceProvider` the way the engine's
 * plugin host does it.
 *
 * Launch (provider_plugin.go:251-256, plugin.go:324-360): the process gets one positional argument (the engine
 * address; the host never dials it), runs with cwd = the program's project directory (the serialized provider's
 * `require()`s resolve from there) and env `PULUMI_NODEJS_PROJECT` (used by `config.get` for un-namespaced keys).
 * The first stdout line is the port; every later stdout/stderr line is the provider's own console output, which the
 * engine passes through to the user.
 *
 * Properties given to this class are plain: the engine strips secrets before calling a dynamic provider (acceptSecrets=false).
 */
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import * as readline from "readline";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { PropertyMap } from "./wire";

const HOST_SCRIPT = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");
const HANDSHAKE_TIMEOUT_MS = 30_000;

/**
 * `pulumirpc.ErrorResourceInitFailed` from Create/Update: the object exists (it has an id) but did not become healthy.
 * The engine records it with its id, these properties as outputs and the reasons as `initErrors` (step.go:360-455,
 * parseError in provider_plugin.go:2531-2559).
 */
export class InitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: PropertyMap,
    readonly reasons: string[],
  ) {
    super(message);
    this.name = "InitError";
  }
}

export interface CheckResult {
  inputs: PropertyMap;
  failures: { property: string; reason: string }[];
}

export interface DiffResult {
  /** DIFF_UNKNOWN ("unknown") means: the engine must work the change out itself. */
  changes: "unknown" | "none" | "some";
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** `diffs` from the provider; the dynamic host never sets it, kept for completeness. */
  diffs: string[];
}

export interface ReadResult {
  /** Empty when the object no longer exists. */
  id: string;
  outputs: PropertyMap;
  /** Since 3.216 `read` may return inputs to realign stored inputs after drift. */
  inputs?: PropertyMap;
}

export interface ProviderHostOptions {
  cwd: string;
  /** The provider's script: the dynamic-provider host by default, or a provider plugin's (pulumi-resource-image-import). */
  script?: string;
  project: string;
  env: NodeJS.ProcessEnv;
  /** The engine's address, passed as the host's positional argument (any string works). */
  engineAddress?: string;
  onLog: (line: string) => void;
  /** How long to wait for the port line (default 30 s); the process is killed when it does not come. */
  handshakeTimeoutMs?: number;
  /** Aborting kills the process and rejects `start` (the caller is shutting down while the host starts). */
  signal?: AbortSignal;
}

const toStruct = (m: PropertyMap): Struct => Struct.fromJavaScript(m);
const fromStruct = (s: Struct | undefined): PropertyMap => (s ? (s.toJavaScript() as PropertyMap) : {});

export class ProviderHost {
  private constructor(
    private readonly proc: ChildProcess,
    private readonly client: provrpc.ResourceProviderClient,
    private readonly exited: Promise<void>,
  ) {}

  /**
   * Spawn the host and wait for the port line (the plugin handshake). Whatever goes wrong before the handshake (a
   * spawn error, an early exit, no port in time, an abort), the promise rejects and no process is left running.
   */
  static async start(o: ProviderHostOptions): Promise<ProviderHost> {
    if (o.signal?.aborted) throw new Error("provider host start-up was canceled");
    const proc = spawn(process.execPath, [o.script ?? HOST_SCRIPT, o.engineAddress ?? "127.0.0.1:0"], {
      cwd: o.cwd,
      env: { ...o.env, PULUMI_NODEJS_PROJECT: o.project },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // A process that could not be spawned emits "error" and never "exit". Without a listener, "error" would be thrown
    // in the test process; the handshake below turns it into a rejection.
    const exited = new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.once("error", () => resolve());
    });
    proc.on("error", (e) => o.onLog(`[provider] process error: ${e.message}`));
    const stderrLines: string[] = [];
    readline.createInterface({ input: proc.stderr! }).on("line", (line) => {
      stderrLines.push(line);
      o.onLog(`[provider] ${line}`);
    });
    const kill = (): void => {
      if (proc.pid !== undefined && proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    };
    let onAbort: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const port = await new Promise<string>((resolve, reject) => {
      const timeoutMs = o.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS;
      timer = setTimeout(() => {
        kill();
        reject(new Error(`provider host did not print its port within ${timeoutMs} ms; killed it`));
      }, timeoutMs);
      onAbort = () => {
        kill();
        reject(new Error("provider host start-up was canceled"));
      };
      o.signal?.addEventListener("abort", onAbort, { once: true });
      let first = true;
      readline.createInterface({ input: proc.stdout! }).on("line", (line) => {
        if (first) {
          first = false;
          resolve(line.trim());
        } else {
          o.onLog(`[provider] ${line}`);
        }
      });
      proc.once("error", (e) => reject(new Error(`could not start the provider host: ${e.message}`)));
      proc.once("exit", (code, signal) => {
        reject(new Error(`provider host exited (${code ?? signal}) before the handshake: ${stderrLines.join("\n")}`));
      });
    }).finally(() => {
      clearTimeout(timer);
      if (onAbort) o.signal?.removeEventListener("abort", onAbort);
    });
    if (!/^\d+$/.test(port)) {
      proc.kill("SIGKILL");
      throw new Error(`provider host printed ${JSON.stringify(port)} instead of a port`);
    }
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new ProviderHost(proc, client, exited);
  }

  /** Promisify one unary call, decoding errors (init failures included). */
  private call<Res>(invoke: (cb: (err: grpc.ServiceError | null, res: Res) => void) => void): Promise<Res> {
    return new Promise((resolve, reject) => invoke((err, res) => (err ? reject(decodeError(err)) : resolve(res))));
  }

  /**
   * Configure with the whole stack config: the engine sends every key, namespaced, with secrets decrypted and
   * wrapped as secrets (target.go:45-71 `GetPackageConfig` for the dynamic packages; default_providers.go:143).
   */
  async configure(args: PropertyMap, variables: Record<string, string> = {}): Promise<void> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(toStruct(args));
    // The engine's other form of the same configuration: `package:key` to a string, as a provider plugin reads it.
    for (const [k, v] of Object.entries(variables)) req.getVariablesMap().set(k, v);
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    req.setSendsOldInputs(true);
    req.setSendsOldInputsToDelete(true);
    await this.call<provproto.ConfigureResponse>((cb) => this.client.configure(req, cb));
  }

  async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await this.call<provproto.CheckResponse>((cb) => this.client.check(req, cb));
    return {
      inputs: fromStruct(res.getInputs()),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** `olds` are the old *outputs*; `oldInputs` rides along as the engine sends it (the host ignores it). */
  async diff(id: string, urn: string, olds: PropertyMap, news: PropertyMap, oldInputs: PropertyMap): Promise<DiffResult> {
    const req = new provproto.DiffRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    req.setOldInputs(toStruct(oldInputs));
    const res = await this.call<provproto.DiffResponse>((cb) => this.client.diff(req, cb));
    const C = provproto.DiffResponse.DiffChanges;
    const changes = res.getChanges();
    return {
      changes: changes === C.DIFF_SOME ? "some" : changes === C.DIFF_NONE ? "none" : "unknown",
      replaces: res.getReplacesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
      diffs: res.getDiffsList(),
    };
  }

  async create(urn: string, props: PropertyMap, o: { timeoutSeconds?: number } = {}): Promise<{ id: string; outputs: PropertyMap }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(toStruct(props));
    if (o.timeoutSeconds) req.setTimeout(o.timeoutSeconds);
    const res = await this.call<provproto.CreateResponse>((cb) => this.client.create(req, cb));
    return { id: res.getId(), outputs: fromStruct(res.getProperties()) };
  }

  async update(id: string, urn: string, olds: PropertyMap, news: PropertyMap, oldInputs: PropertyMap): Promise<PropertyMap> {
    const req = new provproto.UpdateRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    req.setOldInputs(toStruct(oldInputs));
    const res = await this.call<provproto.UpdateResponse>((cb) => this.client.update(req, cb));
    return fromStruct(res.getProperties());
  }

  async read(id: string, urn: string, props: PropertyMap, inputs: PropertyMap): Promise<ReadResult> {
    const req = new provproto.ReadRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(toStruct(props));
    req.setInputs(toStruct(inputs));
    const res = await this.call<provproto.ReadResponse>((cb) => this.client.read(req, cb));
    return { id: res.getId(), outputs: fromStruct(res.getProperties()), inputs: res.hasInputs() ? fromStruct(res.getInputs()) : undefined };
  }

  async delete(id: string, urn: string, props: PropertyMap, oldInputs: PropertyMap): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(toStruct(props));
    req.setOldInputs(toStruct(oldInputs));
    await this.call<Empty>((cb) => this.client.delete(req, cb));
  }

  async schema(): Promise<string> {
    const req = new provproto.GetSchemaRequest();
    const res = await this.call<provproto.GetSchemaResponse>((cb) => this.client.getSchema(req, cb));
    return res.getSchema();
  }

  async pluginVersion(): Promise<string> {
    const res = await this.call<PluginInfo>((cb) => this.client.getPluginInfo(new Empty(), cb));
    return res.getVersion();
  }

  /** Like the engine's plugin Close: drop the connection and kill the process. */
  async close(): Promise<void> {
    this.client.close();
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill("SIGKILL");
    await this.exited;
  }
}

/**
 * Turn a gRPC error into an Error, decoding `ErrorResourceInitFailed` from `grpc-status-details-bin` when present
 * (the host packs it in grpcResponseFromError, pulumi/pulumi sdk/nodejs/cmd/dynamic-provider).
 */
function decodeError(err: grpc.ServiceError): Error {
  const message = err.details || err.message;
  const raw = err.metadata?.get("grpc-status-details-bin")[0];
  if (raw !== undefined) {
    const bytes = typeof raw === "string" ? Buffer.from(raw, "base64") : raw;
    const status = statusproto.Status.deserializeBinary(new Uint8Array(bytes));
    const detail = status.getDetailsList().find((a) => a.getTypeName() === "pulumirpc.ErrorResourceInitFailed");
    if (detail) {
      const d = provproto.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
      return new InitError(message, d.getId(), fromStruct(d.getProperties()), d.getReasonsList());
    }
  }
  return new Error(message);
}
