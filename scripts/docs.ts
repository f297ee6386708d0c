/**
 * `npm run docs`: the inputs and outputs tables of every resource page in docs/, written from the resource's
 * schema (the single source of its fields), between the page's `<!-- schema:inputs -->` and
 * `<!-- schema:outputs -->` markers and their `<!-- /schema -->`. `--check` writes nothing and fails when a
 * page is not what the schema says (npm test runs it).
 */
import * as fs from "fs";
import * as path from "path";
import { CLOUD_DEFINITIONS } from "../provider/clouds";
import type { CloudDefinition } from "../provider/core/cloud";
import { sentences, valueRules } from "../provider/core/rules-in-words";
import { INTERNAL_INPUT } from "../provider/core/internal";
import { allInputs, CORE_INPUTS, type FieldSpec, type ResourceSchema } from "../provider/core/schema";

const ROOT = path.resolve(__dirname, "../..");
const DOCS = path.join(ROOT, "docs");

/** The page of a cloud's resource: docs/<resource type>.md. */
export function pageOf(def: CloudDefinition): string {
    return `${def.identity.resource}.md`;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** A field's rules in words, as check enforces them. */
function rules(spec: FieldSpec): string[] {
    const r: string[] = [];
    if (spec.required && !spec.fallback) r.push("required");
    if (spec.fallback) r.push(`required; defaults to \`${spec.fallback.config}\` or ${spec.fallback.env.map((e) => `\`${e}\``).join(" / ")}`);
    if (spec.oneOf) r.push(`one of ${spec.oneOf.map((o) => `\`${o}\``).join(", ")}`);
    r.push(...valueRules(spec));
    if (spec.default !== undefined) r.push(`default \`${JSON.stringify(spec.default)}\``);
    if (spec.secret === "presigned-url") r.push("a presigned URL is kept secret");
    return r;
}

function effect(spec: FieldSpec, key: string, schema: ResourceSchema): string {
    const group = schema.deleteFirstWhenKept?.find((g) => g.includes(key));
    const unset = spec.computedWhenUnset ? "; unset, the cloud's choice, which is no change" : "";
    switch (spec.change) {
        case "replace":
            return `replaces${group ? ` (the old image first when ${group.map((k) => `\`${k}\``).join(" and ")} ${group.length > 1 ? "are" : "is"} kept)` : ""}${spec.setAfterImport ? "; set once the image is ready" : ""}${unset}`;
        case "update":
            return `updated in place${spec.apiName ? ` (\`${spec.apiName}\`)` : ""}${unset}`;
        case "local":
            return "no cloud call";
        case "none":
            return "never a change";
    }
}

/** The field's doc and its rules, each a sentence. */
function described(spec: FieldSpec): string {
    return sentences([spec.doc, ...rules(spec)]);
}

function typeOf(spec: FieldSpec): string {
    if (spec.type === "object" || spec.type === "object[]") {
        const fields = Object.keys(spec.fields ?? {}).join(", ");
        return `${spec.type === "object" ? "object" : "list of objects"} (${fields})`;
    }
    return spec.type === "timeouts" ? "{ create, update, delete }" : spec.type;
}

function inputsTable(def: CloudDefinition): string {
    const rows = Object.entries(allInputs(def.schema)).map(([key, spec]) => {
        const core = key in CORE_INPUTS;
        // Set by the resource itself, never by a program: said under the outputs.
        if (key === INTERNAL_INPUT) return undefined;
        const what = described(spec);
        return `| \`${key}\`${core ? " (every resource)" : ""} | ${typeOf(spec)} | ${cell(what)} | ${cell(effect(spec, key, def.schema))} |`;
    });
    const nested = Object.entries(def.schema.inputs).flatMap(([key, spec]) =>
        Object.entries(spec.fields ?? {}).map(([sub, s]) => `| \`${key}${spec.type === "object[]" ? "[]" : ""}.${sub}\` | ${typeOf(s)} | ${cell(described(s))} | as \`${key}\` |`),
    );
    const across = (def.schema.rules ?? []).map((r) => r.doc);
    return ["| input | type | what it takes | a change |", "|---|---|---|---|", ...rows.filter(Boolean), ...nested, ...(across.length ? ["", ...across] : [])].join("\n");
}

function outputsTable(def: CloudDefinition): string {
    const rows = Object.entries(def.schema.outputs).map(([key, spec]) => `| \`${key}\` | ${spec.type} | ${cell(spec.doc)} |`);
    const internal = CORE_INPUTS[INTERNAL_INPUT];
    return [
        "| output | type | what it holds |",
        "|---|---|---|",
        ...rows,
        "",
        "Every input is an output too, as the cloud reports it where it does (presigned URLs without their signature).",
        "",
        `State also holds \`${INTERNAL_INPUT}\`, the package's internal input, which no program sets and the CLI never displays (Pulumi hides every property whose name starts with \`__\`). ${cell(sentences([internal.doc]))} Its outputs add the import's tracking data (the cloud's task id, when the import was accepted, whether the image still carries its mark).`,
    ].join("\n");
}

/** The page with its marked sections written from the schema. */
export function render(page: string, def: CloudDefinition): string {
    const put = (text: string, marker: string, body: string) => {
        const re = new RegExp(`(<!-- schema:${marker} -->)[\\s\\S]*?(<!-- /schema -->)`);
        if (!re.test(text)) throw new Error(`the page has no <!-- schema:${marker} --> ... <!-- /schema --> section`);
        return text.replace(re, (_m, open: string, close: string) => `${open}\n${body}\n${close}`);
    };
    return put(put(page, "inputs", inputsTable(def)), "outputs", outputsTable(def));
}

function main(): number {
    const check = process.argv.includes("--check");
    const stale: string[] = [];
    for (const def of Object.values(CLOUD_DEFINITIONS)) {
        const file = pageOf(def);
        const where = path.join(DOCS, file);
        if (!fs.existsSync(where)) {
            stale.push(`${file} is missing`);
            continue;
        }
        const before = fs.readFileSync(where, "utf8");
        const after = render(before, def);
        if (after === before) continue;
        if (check) stale.push(`${file} does not match the schema of ${def.identity.key}`);
        else fs.writeFileSync(where, after);
    }
    for (const s of stale) console.error(`docs: ${s}${check ? " (run `npm run docs`)" : ""}`);
    return stale.length ? 1 : 0;
}

if (require.main === module) process.exit(main());
