/**
 * What the CLI knows before it starts anything: the project (Pulumi.yaml), the stack config, and URNs.
 */
import * as fs from "fs";
import * as path from "path";
import { PropertyMap, makeSecret } from "./secrets";

export interface Project {
  dir: string;
  name: string;
  /** The program passed to cmd/run: `main` from Pulumi.yaml (file or directory), else "." like the language host. */
  main: string;
  /** `runtime.options.typescript` (default true): sets PULUMI_NODEJS_TYPESCRIPT for the program. */
  typescript: boolean;
}

/** The stack config as the CLI holds it after decryption: namespaced keys, plaintext values, a secret flag. */
export type StackConfig = Record<string, { value: string; secret: boolean }>;

function unquote(s: string): string {
  const t = s.trim();
  return /^(["']).*\1$/.test(t) ? t.slice(1, -1) : t;
}

/**
 * Read `name`, `main` and `runtime.options.typescript` from Pulumi.yaml. A line-based reader is enough for the
 * top-level scalar keys a project file uses; it keeps the harness free of a YAML dependency.
 */
export function readProject(dir: string): Project {
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!file) throw new Error(`no Pulumi.yaml in ${dir}`);
  const text = fs.readFileSync(file, "utf8");
  const top = (key: string): string | undefined => {
    const m = new RegExp(`^${key}:[ \\t]*(.*?)[ \\t]*(#.*)?$`, "m").exec(text);
    return m && m[1] ? unquote(m[1]) : undefined;
  };
  const name = top("name");
  if (!name) throw new Error(`${file} has no name`);
  return {
    dir: path.resolve(dir),
    name,
    main: top("main") ?? ".",
    typescript: !/^\s+typescript:\s*false\s*$/m.test(text),
  };
}

/** Un-namespaced keys belong to the project (`pulumi config set foo` writes `<project>:foo`). */
export function normalizeConfig(project: string, config: Record<string, { value: string; secret?: boolean }> = {}): StackConfig {
  const out: StackConfig = {};
  for (const [k, v] of Object.entries(config)) {
    out[k.includes(":") ? k : `${project}:${k}`] = { value: v.value, secret: v.secret === true };
  }
  return out;
}

/**
 * The dynamic provider's Configure args: every key, namespaced, secrets decrypted but wrapped as secrets
 * (target.go:45-71 `GetPackageConfig`, all keys for pulumi-nodejs; values are strings, objects as JSON text).
 */
export function providerConfigArgs(config: StackConfig): PropertyMap {
  const args: PropertyMap = {};
  for (const [k, v] of Object.entries(config)) args[k] = v.secret ? makeSecret(v.value) : v.value;
  return args;
}

/** The program's environment: `PULUMI_CONFIG` (plain values) and `PULUMI_CONFIG_SECRET_KEYS`, as the langhost sets them. */
export function programConfigEnv(config: StackConfig): { PULUMI_CONFIG: string; PULUMI_CONFIG_SECRET_KEYS: string } {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) values[k] = v.value;
  const secretKeys = Object.keys(config).filter((k) => config[k].secret);
  return { PULUMI_CONFIG: JSON.stringify(values), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys) };
}

/**
 * The provider process's own `PULUMI_CONFIG`: only `pulumi-nodejs:*` keys, namespace stripped (pkg/host/host.go:356-372).
 * So `new pulumi.Config()` inside provider methods does not see project config; `configure` does.
 */
export function providerProcessEnv(config: StackConfig): { PULUMI_CONFIG: string } {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    if (k.startsWith("pulumi-nodejs:")) values[k.slice("pulumi-nodejs:".length)] = v.value;
  }
  return { PULUMI_CONFIG: JSON.stringify(values) };
}

export const STACK_TYPE = "pulumi:pulumi:Stack";
export const DYNAMIC_PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";

/** The type part of a URN: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
export function qualifiedTypeOf(urn: string): string {
  return urn.split("::")[2] ?? "";
}

/**
 * `resource.NewURN`: the type is qualified by the parent's type chain (`parent$child`), except that children of the
 * root stack get the bare type.
 */
export function makeUrn(stack: string, project: string, type: string, name: string, parentUrn?: string): string {
  let qualified = type;
  if (parentUrn) {
    const parentType = qualifiedTypeOf(parentUrn);
    if (parentType !== STACK_TYPE) qualified = `${parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The last `::` part of a URN. */
export function nameOfUrn(urn: string): string {
  return urn.split("::").slice(3).join("::");
}
