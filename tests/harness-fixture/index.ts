/**
 * Fixture program. What it declares comes from config so tests need no file edits:
 *   harness-fixture:resources      JSON array of Spec (below)
 *   harness-fixture:exportOutputs  "false" to export nothing (failing resources' exported outputs make the Node
 *                                  program slow to exit, see tests/harness/program.ts)
 *   harness-fixture:getId          optional: also `get` the object with this id through ReadResource
 *   harness-fixture:secretInput    a secret config value; specs with `withSecret` pass it as the secret input
 *                                  `secretValue` (keeping the plaintext out of the non-secret `resources` value)
 *   harness-fixture:exitAfterMs    optional: the program exits with code 1 after this long, registrations still
 *                                  pending or not (a program that dies while the engine is still working)
 */
import * as pulumi from "@pulumi/pulumi";
import { JsonFile } from "./jsonFile";

export interface Spec {
  name: string;
  fileName?: string;
  format?: string;
  content?: string;
  /** Use another resource's checksum as content (unknown in preview until that one exists). */
  contentFrom?: string;
  withSecret?: boolean;
  initAttempts?: number;
  legacyDiff?: boolean;
  deleteBeforeReplace?: boolean;
  additionalSecretOutputs?: string[];
}

const config = new pulumi.Config();
const specs = config.requireObject<Spec[]>("resources");
const exportOutputs = config.getBoolean("exportOutputs") ?? true;
const secretInput = config.getSecret("secretInput");

const files: Record<string, JsonFile> = {};
for (const s of specs) {
  files[s.name] = new JsonFile(
    s.name,
    {
      fileName: s.fileName ?? s.name,
      format: s.format,
      content: s.contentFrom ? files[s.contentFrom].checksum : (s.content ?? ""),
      secretValue: s.withSecret ? secretInput : undefined,
      initAttempts: s.initAttempts,
      legacyDiff: s.legacyDiff,
    },
    { deleteBeforeReplace: s.deleteBeforeReplace, additionalSecretOutputs: s.additionalSecretOutputs },
  );
}

const getId = config.get("getId");
const looked = getId ? new JsonFile("looked-up", { fileName: getId.replace(/-[0-9a-f]{8}$/, ""), content: "" }, { id: getId }) : undefined;

function pick<T>(f: (r: JsonFile) => pulumi.Output<T>): Record<string, pulumi.Output<T>> | undefined {
  return exportOutputs ? Object.fromEntries(Object.entries(files).map(([name, r]) => [name, f(r)])) : undefined;
}

export const ids = pick((r) => r.id);
export const checksums = pick((r) => r.checksum);
export const secretValues = exportOutputs
  ? Object.fromEntries(specs.filter((s) => s.withSecret).map((s) => [s.name, files[s.name].secretValue]))
  : undefined;
export const lookedUpContent = looked ? looked.content : null;

const exitAfterMs = config.getNumber("exitAfterMs");
if (exitAfterMs !== undefined) setTimeout(() => process.exit(1), exitAfterMs);
