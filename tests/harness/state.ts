/**
 * The harness's checkpoint: a JSON file shaped after the engine's snapshot (`apitype.DeploymentV3`), reduced to what
 * dynamic resources need.
 *
 * In memory, secret values are held in wire form (`{sig, value}`). On disk they are sealed the way the real state
 * stores them, `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "..." }`,
 * so the plaintext of a secret never reaches the file. The key lives in the file itself (like a passphrase provider
 * with a known passphrase): this is obfuscation for a test tool, not security.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Json, PropertyMap, SECRET_SIG, SIG_KEY, secretKeysOf, stripSecrets } from "./secrets";

export interface ResourceState {
  urn: string;
  type: string;
  /** false for the stack and component resources: no provider is ever called for them. */
  custom: boolean;
  id?: string;
  parent?: string;
  /** `<provider urn>::<provider id>` of the default provider, as in the real snapshot. */
  provider?: string;
  inputs: PropertyMap;
  outputs: PropertyMap;
  dependencies?: string[];
  /** Set when Create/Update reported `ErrorResourceInitFailed` (step.go:360-455): forces an Update next time. */
  initErrors?: string[];
  /** Informational: top-level output keys holding secrets (recomputed on every save). */
  secretOutputs?: string[];
  /** The resource option, remembered so `refresh` can re-apply it to Read results. */
  additionalSecretOutputs?: string[];
  /** The resource option: skip the provider's Delete (step.go:661). */
  retainOnDelete?: boolean;
  /** Read via a static `get` (ReadResource): never deleted by the harness, only forgotten. */
  external?: boolean;
  /** A replaced resource (create-before-delete) or leftover whose deletion is still pending. */
  delete?: boolean;
}

export interface StateFile {
  version: 1;
  project: string;
  stack: string;
  /** How sealed secrets can be opened (see the file header). */
  secrets: { provider: "harness-aes-256-gcm"; key: string };
  resources: ResourceState[];
  /** Stack outputs, as registered with RegisterResourceOutputs on the stack resource. */
  outputs: PropertyMap;
}

const CIPHERTEXT = "ciphertext";

export function emptyState(project: string, stack: string): StateFile {
  return {
    version: 1,
    project,
    stack,
    secrets: { provider: "harness-aes-256-gcm", key: crypto.randomBytes(32).toString("base64") },
    resources: [],
    outputs: {},
  };
}

/** Deep-map every secret through `f`, leaving everything else untouched. */
function mapSecrets(v: Json, f: (secret: { [key: string]: Json }) => Json): Json {
  if (typeof v === "object" && v !== null && !Array.isArray(v) && v[SIG_KEY] === SECRET_SIG) return f(v);
  if (Array.isArray(v)) return v.map((x) => mapSecrets(x, f));
  if (typeof v === "object" && v !== null) {
    const out: PropertyMap = {};
    for (const [k, x] of Object.entries(v)) out[k] = mapSecrets(x, f);
    return out;
  }
  return v;
}

function seal(v: Json, key: Buffer): Json {
  return mapSecrets(v, (s) => {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
    const ct = Buffer.concat([cipher.update(JSON.stringify(s.value ?? null), "utf8"), cipher.final()]);
    return { [SIG_KEY]: SECRET_SIG, [CIPHERTEXT]: Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64") };
  });
}

function unseal(v: Json, key: Buffer): Json {
  return mapSecrets(v, (s) => {
    const raw = s[CIPHERTEXT];
    if (typeof raw !== "string") return s; // already open (wire form)
    const buf = Buffer.from(raw, "base64");
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, buf.subarray(0, 12));
    decipher.setAuthTag(buf.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString("utf8");
    return { [SIG_KEY]: SECRET_SIG, value: JSON.parse(plain) as Json };
  });
}

function mapState(state: StateFile, f: (v: PropertyMap) => PropertyMap): StateFile {
  return {
    ...state,
    resources: state.resources.map((r) => ({ ...r, inputs: f(r.inputs), outputs: f(r.outputs) })),
    outputs: f(state.outputs),
  };
}

/** Read the state file as stored (secrets sealed). Missing file: an empty state. */
export function readStoredState(file: string, project: string, stack: string): StateFile {
  if (!fs.existsSync(file)) return emptyState(project, stack);
  return JSON.parse(fs.readFileSync(file, "utf8")) as StateFile;
}

/** Load the state for an operation: secrets opened into wire form. */
export function loadState(file: string, project: string, stack: string): StateFile {
  return openState(readStoredState(file, project, stack));
}

/** Open sealed secrets into wire form. */
export function openState(stored: StateFile): StateFile {
  const key = Buffer.from(stored.secrets.key, "base64");
  return mapState(stored, (m) => unseal(m, key) as PropertyMap);
}

/** Seal secrets and write atomically (write + rename), so a crash never leaves half a file. */
export function saveState(file: string, state: StateFile): void {
  const key = Buffer.from(state.secrets.key, "base64");
  const stored = mapState(state, (m) => seal(m, key) as PropertyMap);
  for (const r of stored.resources) {
    const secretOutputs = secretKeysOf(r.outputs);
    if (secretOutputs.length > 0) r.secretOutputs = secretOutputs;
    else delete r.secretOutputs;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(stored, null, 2) + "\n");
  fs.renameSync(tmp, file);
}

/** The state with every secret opened and unwrapped into plain values: for assertions, never for writing. */
export function revealState(stored: StateFile): StateFile {
  return mapState(openState(stored), (m) => stripSecrets(m));
}
