/**
 * Steps and the human-readable plan: one line per resource, the symbols people know from the CLI, a summary line.
 *
 *   +   pulumi-nodejs:dynamic/fixture:JsonFile  a                          (preview)
 *   +   pulumi-nodejs:dynamic/fixture:JsonFile  a  created                 (up)
 *   ~   pulumi-nodejs:dynamic/fixture:JsonFile  b  [diff: content]
 *   -/+ pulumi-nodejs:dynamic/fixture:JsonFile  c  [diff: fileName]
 *   -/+ pulumi-nodejs:dynamic/fixture:JsonFile  e  [diff: format] (delete-before-replace)
 *   -   pulumi-nodejs:dynamic/fixture:JsonFile  d
 *   Resources: 1 to create, 1 to update, 2 to replace, 1 to delete, 1 unchanged
 */
import { Json, PropertyMap, UNKNOWN, isSecret } from "./secrets";

export type StepOp =
  | "create"
  | "update"
  | "replace"
  | "delete"
  | "same"
  | "read"
  /** A `get` resource forgotten by destroy or no longer read by the program: no provider call. */
  | "read-discard"
  | "refresh"
  | "refresh-update"
  | "refresh-delete";

export interface Step {
  op: StepOp;
  urn: string;
  type: string;
  name: string;
  /** Properties that force the replacement (DiffResponse.replaces). */
  replaceKeys?: string[];
  /** Properties that changed (old inputs vs new inputs, or changed outputs for a refresh). */
  changedKeys?: string[];
  /** For replaces: the old resource was deleted before the new one was created. */
  deleteBeforeReplace?: boolean;
  /** An Update issued only to continue awaiting initialization after an init error (step_generator.go:2180-2195). */
  initErrorRetry?: boolean;
  /** A delete left pending by an earlier run, retired before the program (deployment_executor.go `retirePendingDeletes`). */
  pendingDelete?: boolean;
  ok: boolean;
  error?: string;
}

export type Mode = "preview" | "up" | "refresh" | "destroy";

const SYMBOL: Record<StepOp, string> = {
  create: "+",
  update: "~",
  replace: "-/+",
  delete: "-",
  same: " ",
  read: ">",
  "read-discard": "<",
  refresh: " ",
  "refresh-update": "~",
  "refresh-delete": "-",
};

const DONE: Record<StepOp, string> = {
  create: "created",
  update: "updated",
  replace: "replaced",
  delete: "deleted",
  same: "",
  read: "read",
  "read-discard": "discarded",
  refresh: "",
  "refresh-update": "refreshed",
  "refresh-delete": "gone, dropped from state",
};

/** Summary buckets, in display order: [key, preview wording, applied wording]. */
const BUCKETS: [string, string, string][] = [
  ["create", "to create", "created"],
  ["update", "to update", "updated"],
  ["replace", "to replace", "replaced"],
  ["delete", "to delete", "deleted"],
  ["read", "to read", "read"],
  ["discard", "to discard", "discarded"],
  ["same", "unchanged", "unchanged"],
];

function bucketOf(op: StepOp): string {
  switch (op) {
    case "refresh-update":
      return "update";
    case "refresh-delete":
      return "delete";
    case "refresh":
      return "same";
    case "read-discard":
      return "discard";
    default:
      return op;
  }
}

export function formatStep(step: Step, mode: Mode): string {
  let line = `${SYMBOL[step.op].padEnd(3)} ${step.type}  ${step.name}`;
  const keys = step.op === "replace" ? step.replaceKeys : step.changedKeys;
  if (keys && keys.length > 0) line += `  [diff: ${keys.join(", ")}]`;
  if (step.op === "replace" && step.deleteBeforeReplace) line += " (delete-before-replace)";
  if (step.initErrorRetry) line += " (continue awaiting initialization)";
  if (step.pendingDelete) line += " (completing deletion from previous update)";
  if (!step.ok) return `${line}  **failed**: ${step.error ?? "unknown error"}`;
  if (mode !== "preview" && DONE[step.op]) line += `  ${DONE[step.op]}`;
  return line;
}

/** Stack outputs as the CLI prints them: secrets hidden, unknowns shown as such. */
export function formatOutputs(outputs: PropertyMap): string[] {
  const keys = Object.keys(outputs).sort();
  if (keys.length === 0) return [];
  // Secrets are masked wherever they sit; unknowns (preview) are shown as such.
  const mask = (v: Json): Json =>
    isSecret(v) ? "[secret]" : v === UNKNOWN ? "[unknown]" : Array.isArray(v) ? v.map(mask)
      : typeof v === "object" && v !== null ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mask(x)])) : v;
  const show = (v: Json): string => (typeof mask(v) === "string" ? String(mask(v)) : JSON.stringify(mask(v)));
  return ["Outputs:", ...keys.map((k) => `    ${k}: ${show(outputs[k])}`)];
}

/** Collects steps, prints each line as it happens, and renders the final plan text. */
export class Plan {
  readonly steps: Step[] = [];
  private readonly lines: string[] = [];

  constructor(
    readonly mode: Mode,
    private readonly onLog: (line: string) => void,
  ) {}

  record(step: Step): Step {
    this.steps.push(step);
    this.emit(formatStep(step, this.mode));
    return step;
  }

  emit(line: string): void {
    this.lines.push(line);
    this.onLog(line);
  }

  summary(): string {
    const counts = new Map<string, number>();
    let failed = 0;
    for (const s of this.steps) {
      if (!s.ok) failed++;
      else counts.set(bucketOf(s.op), (counts.get(bucketOf(s.op)) ?? 0) + 1);
    }
    const parts = BUCKETS.filter(([k]) => counts.get(k)).map(
      ([k, planned, applied]) => `${counts.get(k)} ${this.mode === "preview" ? planned : applied}`,
    );
    if (failed > 0) parts.push(`${failed} failed`);
    return `Resources: ${parts.length > 0 ? parts.join(", ") : "none"}`;
  }

  /** Emit the summary and the stack outputs; returns the whole plan text. */
  finish(outputs: PropertyMap): string {
    this.emit(this.summary());
    for (const line of formatOutputs(outputs)) this.emit(line);
    return this.lines.join("\n");
  }
}
