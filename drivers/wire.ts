/**
 * Property values as they travel over Pulumi's gRPC protocols (a `google.protobuf.Struct`), with the one
 * special value a test sends the provider host: the secret wrapper `{ [SIG_KEY]: SECRET_SIG, value }`
 * (signatures from `@pulumi/pulumi/runtime/rpc.js`).
 */

/** `specialSigKey`: the key marking an object as a special value. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** `specialSecretSig`: the signature of a secret value. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type PropertyMap = { [key: string]: Json };

export function makeSecret(v: Json): Json {
    return { [SIG_KEY]: SECRET_SIG, value: v };
}
