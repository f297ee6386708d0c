/**
 * The Pulumi package schema of the plugin, generated from the cloud schemas (provider/<cloud>/schema.ts) and
 * the provider's settings (config.ts): never written by hand. `npm run schema` writes it to schema.json,
 * and a test checks that the committed file is what this makes.
 */
import { CLOUD_DEFINITIONS } from "../clouds";
import type { CloudDefinition } from "../core/cloud";
import type { FieldSpec, Schema } from "../core/schema";
import { CONFIG_VARIABLES, PACKAGE } from "./config";
import { sentences, valueRules } from "../core/rules-in-words";

// The package's own package.json, from provider/plugin or dist/provider/plugin.
const PACKAGE_JSON = (() => {
    for (const p of ["../../package.json", "../../../package.json"]) {
        try {
            const pkg = require(p) as { name: string; version: string };
            if (pkg.name === "pulumi-image-import") return pkg;
        } catch {
            // the other layout
        }
    }
    throw new Error("pulumi-image-import: package.json not found beside the plugin");
})();

/** The plugin's version: the npm package's. */
export const PLUGIN_VERSION: string = PACKAGE_JSON.version;

/** The type token of a cloud's resource in the package: `image-import:index:TencentCvmImportedImage`. */
export function pluginTypeOf(def: CloudDefinition): string {
    return `${PACKAGE}:index:${def.identity.resource}`;
}

type Json = Record<string, unknown>;

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** An enum case's name, for the languages that need one: its value with every other character an underscore. */
function enumName(value: string): string {
    const n = value.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "");
    return /^[0-9]/.test(n) ? `V${n}` : pascal(n);
}

/** A field's doc with the rules check enforces that a type cannot say. */
function describe(spec: FieldSpec): string {
    const rules = valueRules(spec);
    if (spec.required && spec.fallback) rules.push(`defaults to the provider's ${spec.fallback.config.replace(/^(\w+):(\w)/, (_m, ns: string, c: string) => `${ns}${c.toUpperCase()}`)} or ${spec.fallback.env.join(" / ")}`);
    else if (spec.required) rules.push("required to import an image, as check says; an image taken in with `pulumi import` needs only what its cloud reports");
    if (spec.default !== undefined) rules.push(`default ${JSON.stringify(spec.default)}`);
    if (spec.secret === "presigned-url") rules.push("kept secret: a presigned URL's signature is a credential");
    if (spec.change === "replace") rules.push("a change replaces the image");
    else if (spec.change === "update") rules.push("a change is made in place");
    else if (spec.change === "local") rules.push("a change makes no cloud call");
    return sentences([spec.doc, ...rules]);
}

const TIMEOUTS_TYPE = `${PACKAGE}:index:Timeouts`;

/** The schema's types, filled as fields are turned into properties. */
class Types {
    readonly types: Record<string, Json> = {
        [TIMEOUTS_TYPE]: {
            type: "object",
            description: "How long create, update and delete wait (Pulumi's customTimeouts reach the plugin too; these win where both are set).",
            properties: {
                create: { type: "string", description: 'Wait for a new import, e.g. "90m" or "6h" (default "6h").' },
                update: { type: "string", description: 'Wait when `up` resumes an unfinished import, plus in-place changes (default "6h").' },
                delete: { type: "string", description: 'Wait until the image is gone (default "1h").' },
            },
        },
    };

    /** A field as a property of `owner` (a resource or object type name), its enum or object type declared once. */
    property(owner: string, key: string, spec: FieldSpec): Json {
        const p: Json = { ...this.typeOf(owner, key, spec), description: describe(spec) };
        if (spec.default !== undefined) p.default = spec.default;
        if (spec.secret) p.secret = true;
        if (spec.change === "replace") p.replaceOnChanges = true;
        return p;
    }

    private typeOf(owner: string, key: string, spec: FieldSpec): Json {
        switch (spec.type) {
            case "string":
                if (!spec.oneOf) return { type: "string" };
                return { $ref: `#/types/${this.declare(`${owner}${pascal(key)}`, { type: "string", description: spec.doc, enum: spec.oneOf.map((v) => ({ name: enumName(v), value: v })) })}` };
            case "boolean":
                return { type: "boolean" };
            case "integer":
                return { type: "integer" };
            case "string[]":
                return { type: "array", items: { type: "string" } };
            case "map":
                return { type: "object", additionalProperties: { type: "string" } };
            case "timeouts":
                return { $ref: `#/types/${TIMEOUTS_TYPE}` };
            case "object":
            case "object[]": {
                const name = `${owner}${pascal(key.replace(/s$/, ""))}`;
                const ref = { $ref: `#/types/${this.declare(name, this.object(name, spec.doc, spec.fields ?? {}))}` };
                return spec.type === "object" ? ref : { type: "array", items: ref };
            }
        }
    }

    private object(name: string, doc: string, fields: Schema): Json {
        const properties = Object.fromEntries(Object.entries(fields).map(([k, s]) => [k, this.property(name, k, s)]));
        const required = Object.entries(fields).filter(([, s]) => s.required && !s.fallback).map(([k]) => k);
        return { type: "object", description: doc, properties, ...(required.length ? { required } : {}) };
    }

    private declare(name: string, type: Json): string {
        const token = `${PACKAGE}:index:${name}`;
        this.types[token] = type;
        return token;
    }
}

function resourceOf(def: CloudDefinition, types: Types): Json {
    const owner = def.identity.resource;
    const { inputs, outputs } = def.schema;
    const inputProperties = Object.fromEntries(Object.entries(inputs).map(([k, s]) => [k, types.property(owner, k, s)]));
    const properties: Record<string, Json> = { ...inputProperties };
    for (const [k, o] of Object.entries(outputs)) {
        properties[k] = { type: o.type, description: o.doc, ...(o.aliasOf ? { deprecationMessage: `Use ${o.aliasOf}, which replaces it.` } : {}) };
    }
    return {
        description:
            `An image imported into ${def.identity.title} by its ImportImage API: create waits until the image is ready and fails with the cloud's reason, ` +
            "a failed or timed-out import stays in the stack and the next `pulumi up` resumes it, refresh notices drift and deletion, and delete removes the image. " +
            `Its id is the image id; \`pulumi import ${pluginTypeOf(def)} <name> <image id>\` takes in an existing image.`,
        inputProperties,
        properties,
        required: ["imageId", "imageState"],
    };
}

/** The package schema, as getSchema answers it. */
export function packageSchema(): Json {
    const types = new Types();
    const resources = Object.fromEntries(Object.values(CLOUD_DEFINITIONS).map((def) => [pluginTypeOf(def), resourceOf(def, types)]));
    const configProperty = (v: (typeof CONFIG_VARIABLES)[number]) => ({
        type: v.type,
        description: `${v.doc}${v.env?.length ? ` Unset, ${v.env.join(" or ")} (as for the dynamic resources' \`${v.key}\`).` : ""}`,
        ...(v.secret ? { secret: true } : {}),
    });
    const variables = Object.fromEntries(CONFIG_VARIABLES.map((v) => [v.name, configProperty(v)]));
    return {
        name: PACKAGE,
        displayName: "Image Import",
        version: PLUGIN_VERSION,
        description: "Cloud ImportImage APIs (Tencent CVM and ECM, JD Cloud VM, Alibaba ENS) as resources that wait for the image, keep it in the stack when anything fails, and delete it for real.",
        keywords: ["pulumi", "image-import", "tencent-cloud", "jdcloud", "alibaba-cloud", "category/cloud", "kind/native"],
        homepage: "https://github.com/pulumi-image-import/pulumi-image-import#readme",
        repository: "https://github.com/pulumi-image-import/pulumi-image-import",
        license: "Apache-2.0",
        publisher: "pulumi-image-import",
        meta: { moduleFormat: "(.*)" },
        config: { variables },
        provider: {
            description: "The image-import provider: each cloud's credentials and settings. An explicit provider holds its own, so one stack can use two accounts or regions of a cloud.",
            inputProperties: variables,
        },
        types: types.types,
        resources,
        language: {
            nodejs: { respectSchemaVersion: true, packageName: "pulumi-image-import-sdk", packageDescription: "Pulumi SDK for the image-import provider plugin (pulumi-resource-image-import).", dependencies: { "@pulumi/pulumi": "^3.276.0" } },
            python: { respectSchemaVersion: true, packageName: "pulumi_image_import", requires: { pulumi: ">=3.0.0,<4.0.0" } },
            go: { respectSchemaVersion: true, importBasePath: "github.com/pulumi-image-import/pulumi-image-import/sdk/go/imageimport", generateResourceContainerTypes: true },
        },
    };
}
