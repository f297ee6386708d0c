/**
 * Property values as they travel over the Pulumi gRPC protocols, and the engine's secret rules.
 *
 * Every property map in the harness is plain JSON (a `google.protobuf.Struct`). Two special values matter for dynamic
 * resources (signatures from `@pulumi/pulumi/runtime/rpc.js`, mirrored from sdk/go/common/resource/properties.go):
 *   - the unknown sentinel: a string, sent only during preview;
 *   - the secret wrapper: `{ [SIG_KEY]: SECRET_SIG, value }`.
 * Inside the harness a secret is always held in that wire form, so "is it secret?" survives every hop.
 */

/** `pulumi.runtime.unknownValue`: a value that is not known until apply (preview only). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** `specialSigKey`: the key marking an object as a special value. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** `specialSecretSig`: the signature of a secret value. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type PropertyMap = { [key: string]: Json };
export interface SecretValue {
  [SIG_KEY]: typeof SECRET_SIG;
  value: Json;
}

function isObject(v: unknown): v is { [key: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isSecret(v: unknown): v is SecretValue {
  return isObject(v) && v[SIG_KEY] === SECRET_SIG;
}

export function makeSecret(v: Json): Json {
  return isSecret(v) ? v : { [SIG_KEY]: SECRET_SIG, value: v };
}

/** Deep check, like `PropertyValue.ContainsSecrets` in the engine. */
export function containsSecrets(v: unknown): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecrets);
  if (isObject(v)) return Object.values(v).some(containsSecrets);
  return false;
}

export function containsUnknowns(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknowns);
  if (isObject(v)) return Object.values(v).some(containsUnknowns);
  return false;
}

/**
 * Remove every secret wrapper, keeping the plaintext.
 *
 * The dynamic provider host answers Configure with acceptSecrets=false (cmd/dynamic-provider/index.js `configure`),
 * so the engine marshals Check/Diff/Create/Update/Read/Delete properties with KeepSecrets:false
 * (provider_plugin.go, e.g. `Check`/`Create` marshalling options). This is that marshalling step.
 */
export function stripSecrets<T extends Json>(v: T): T;
export function stripSecrets(v: Json): Json {
  if (isSecret(v)) return stripSecrets(v.value);
  if (Array.isArray(v)) return v.map((x) => stripSecrets(x));
  if (isObject(v)) {
    const out: PropertyMap = {};
    for (const [k, x] of Object.entries(v)) out[k] = stripSecrets(x);
    return out;
  }
  return v;
}

/**
 * Re-mark provider results as secret where the same-named input was secret.
 *
 * Port of `annotateSecrets(outs, ins)` (provider_plugin.go:913-929, applied to Check, Create, Read and Update
 * results): objects on both sides recurse; otherwise an input that *contains* a secret makes the whole output secret.
 */
export function annotateSecrets(outs: PropertyMap, ins: PropertyMap): PropertyMap {
  const result: PropertyMap = { ...outs };
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in result)) continue;
    const outValue = result[key];
    // A secret is its own kind in the engine (IsObject() is false for it), hence the isSecret checks.
    if (isObject(outValue) && !isSecret(outValue) && isObject(inValue) && !isSecret(inValue)) {
      result[key] = annotateSecrets(outValue, inValue);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      result[key] = makeSecret(outValue);
    }
  }
  return result;
}

/**
 * Apply the `additionalSecretOutputs` resource option: the named top-level outputs become secret
 * (the engine does this when it records the step's new state; resource_monitor `RegisterResource`).
 */
export function markSecretKeys(outs: PropertyMap, keys: readonly string[]): PropertyMap {
  const result: PropertyMap = { ...outs };
  for (const k of keys) {
    if (k in result) result[k] = makeSecret(result[k]);
  }
  return result;
}

/** Top-level keys whose value is or contains a secret (recorded as `secretOutputs` in the state file). */
export function secretKeysOf(props: PropertyMap): string[] {
  return Object.keys(props).filter((k) => containsSecrets(props[k]));
}

/** Structural equality on JSON values (key order independent), used for the DIFF_UNKNOWN fallback. */
export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Top-level keys whose values differ between two property maps (sorted for stable plan text). */
export function changedKeys(olds: PropertyMap, news: PropertyMap): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => !deepEqual(olds[k], news[k])).sort();
}

