/**
 * A dynamic provider whose "cloud" is a directory of JSON files: `<dir>/<fileName>.json`, one per object.
 *
 * - dir: config `harness-fixture:dir` (read in `configure`), else env HARNESS_FIXTURE_DIR.
 * - fileName and format force replacement; with an unchanged fileName the provider asks for delete-before-replace,
 *   because the name is unique "in the cloud" (create refuses an existing file).
 * - content and secretValue update in place. checksum, revision, attempts and ready are computed outputs.
 * - initAttempts: the object only becomes ready at that many create/update attempts; before that, create and update
 *   throw an init error carrying the id, like an image import that is still running.
 * - legacyDiff: diff returns `{}` (changes unknown), so the engine must diff the inputs itself.
 * - Every provider call appends a line to `<dir>/_ops.log` ("create <id>", "delete <id>", ...) for the tests to read;
 *   check writes "check <fileName> olds=<old fileName, or - without olds>", configure "host pid=<pid>".
 * - hang: config `harness-fixture:hang` = "create", "read" or "delete" makes that method never return (a provider
 *   stuck polling), for the harness's deadlines.
 *
 * It must survive Pulumi's closure serialization: no top-level runtime imports, `require` inside functions.
 */
import type * as pulumi from "@pulumi/pulumi";

export interface JsonFileInputs {
  fileName: string;
  format: string;
  content: string;
  secretValue?: string;
  initAttempts?: number;
  legacyDiff?: boolean;
}

export interface JsonFileOutputs extends JsonFileInputs {
  checksum: string;
  revision: number;
  attempts: number;
  ready: boolean;
}

interface StoredObject {
  id: string;
  content: string;
  checksum: string;
  revision: number;
  ready: boolean;
}

/** `pulumi.runtime.unknownValue`, inlined so that `pulumi` is not captured. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const REPLACE_KEYS = ["fileName", "format"] as const;
const UPDATE_KEYS = ["content", "secretValue", "initAttempts", "legacyDiff"] as const;

function objectDir(settings: { dir?: string }): string {
  const dir = settings.dir ?? process.env.HARNESS_FIXTURE_DIR;
  if (!dir) throw new Error("set config harness-fixture:dir or env HARNESS_FIXTURE_DIR");
  return dir;
}

function objectFile(dir: string, fileName: string): string {
  const path = require("path") as typeof import("path");
  return path.join(dir, `${fileName}.json`);
}

function readObject(file: string): StoredObject | undefined {
  const fs = require("fs") as typeof import("fs");
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as StoredObject) : undefined;
}

function writeObject(file: string, o: StoredObject): void {
  const fs = require("fs") as typeof import("fs");
  fs.writeFileSync(file, JSON.stringify(o, null, 2));
}

function journal(dir: string, line: string): void {
  const fs = require("fs") as typeof import("fs");
  const path = require("path") as typeof import("path");
  fs.appendFileSync(path.join(dir, "_ops.log"), `${line}\n`);
}

function sha256(text: string): string {
  const crypto = require("crypto") as typeof import("crypto");
  return crypto.createHash("sha256").update(text).digest("hex");
}

/** An error the dynamic host turns into ErrorResourceInitFailed: the object exists but is not ready. */
function initError(id: string, outs: Record<string, unknown>, attempts: number, wanted: number): Error {
  return Object.assign(new Error(`object ${id} is not ready yet (attempt ${attempts} of ${wanted})`), {
    id,
    properties: outs,
    reasons: [`not ready after ${attempts} attempt(s)`],
  });
}

export const jsonFileProvider = {
  settings: {} as { dir?: string; hang?: string },

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.settings.dir = req.config.get("dir");
    this.settings.hang = req.config.get("hang");
    journal(objectDir(this.settings), `host pid=${process.pid}`);
    const token = req.config.get("apiToken");
    // Proves the secret config arrived decrypted, without ever writing the token itself.
    if (token) journal(objectDir(this.settings), `configure token-sha256=${sha256(token)}`);
  },

  async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    journal(objectDir(this.settings), `check ${String(news.fileName)} olds=${olds.fileName === undefined ? "-" : String(olds.fileName)}`);
    const failures: pulumi.dynamic.CheckFailure[] = [];
    if (news.fileName !== UNKNOWN && (typeof news.fileName !== "string" || !/^[\w.-]+$/.test(news.fileName))) {
      failures.push({ property: "fileName", reason: "must be a simple file name" });
    }
    return { inputs: { format: "v1", ...news }, failures };
  },

  async diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
    journal(objectDir(this.settings), `diff ${id}`);
    if (news.legacyDiff) return {};
    const differs = (k: string): boolean => JSON.stringify(olds[k]) !== JSON.stringify(news[k]);
    const replaces = REPLACE_KEYS.filter(differs);
    const changes = replaces.length > 0 || UPDATE_KEYS.some(differs);
    return { changes, replaces, deleteBeforeReplace: replaces.length > 0 && olds.fileName === news.fileName };
  },

  async create(inputs: JsonFileInputs): Promise<pulumi.dynamic.CreateResult<JsonFileOutputs>> {
    if (this.settings.hang === "create") await new Promise(() => undefined);
    const dir = objectDir(this.settings);
    const file = objectFile(dir, inputs.fileName);
    if (readObject(file)) throw new Error(`${inputs.fileName}.json already exists`);
    const crypto = require("crypto") as typeof import("crypto");
    const id = `${inputs.fileName}-${crypto.randomBytes(4).toString("hex")}`;
    const wanted = inputs.initAttempts ?? 1;
    const outs: JsonFileOutputs = { ...inputs, checksum: sha256(inputs.content), revision: 1, attempts: 1, ready: wanted <= 1 };
    writeObject(file, { id, content: outs.content, checksum: outs.checksum, revision: 1, ready: outs.ready });
    journal(dir, `create ${id}`);
    console.log(`fixture: created ${id}`);
    // `outs` spreads the inputs, so it carries __provider: later delete/refresh need it (reference §3 pitfall).
    if (!outs.ready) throw initError(id, { ...outs }, 1, wanted);
    return { id, outs };
  },

  async update(id: string, olds: JsonFileOutputs, news: JsonFileInputs): Promise<pulumi.dynamic.UpdateResult<JsonFileOutputs>> {
    const dir = objectDir(this.settings);
    const file = objectFile(dir, news.fileName);
    const current = readObject(file);
    if (!current || current.id !== id) throw new Error(`object ${id} does not exist`);
    const wanted = news.initAttempts ?? 1;
    const attempts = olds.ready ? olds.attempts : (olds.attempts ?? 1) + 1;
    const ready = olds.ready || attempts >= wanted;
    const outs: JsonFileOutputs = { ...news, checksum: sha256(news.content), revision: olds.revision + 1, attempts, ready };
    writeObject(file, { id, content: outs.content, checksum: outs.checksum, revision: outs.revision, ready });
    journal(dir, `update ${id}`);
    if (!ready) throw initError(id, { ...outs }, attempts, wanted);
    return { outs };
  },

  async read(id: string, props: JsonFileOutputs): Promise<pulumi.dynamic.ReadResult<JsonFileOutputs>> {
    if (this.settings.hang === "read") await new Promise(() => undefined);
    const dir = objectDir(this.settings);
    const current = readObject(objectFile(dir, props.fileName));
    journal(dir, `read ${id}`);
    if (!current || current.id !== id) return { id: "" };
    return {
      id,
      props: { ...props, content: current.content, checksum: current.checksum, revision: current.revision, ready: current.ready },
    };
  },

  async delete(id: string, props: JsonFileOutputs): Promise<void> {
    if (this.settings.hang === "delete") await new Promise(() => undefined);
    const fs = require("fs") as typeof import("fs");
    const dir = objectDir(this.settings);
    const file = objectFile(dir, props.fileName);
    if (readObject(file)?.id === id) fs.unlinkSync(file);
    journal(dir, `delete ${id}`);
  },
};
