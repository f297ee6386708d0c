/**
 * Who a cloud is, declared once in its folder (identity.ts) and derived everywhere else: the runtime key
 * that serialized state names it by, the prefix of its poll groups, its title in errors, and its
 * resource's name (the class, the Pulumi type token, the docs page).
 */
export interface CloudIdentity {
    /** "tencent-cvm": the key the serialized provider names the cloud by; it must never change. */
    readonly key: string;
    /** "Tencent Cloud CVM": how errors, progress lines and docs name the cloud. */
    readonly title: string;
    /** "TencentCvmImportedImage": the resource's class, type name and docs page. */
    readonly resource: string;
}

/** The module every resource's dynamic-provider type token has. */
export const TYPE_MODULE = "image-import";

/** The Pulumi type token state records for a dynamic resource of this cloud. */
export function pulumiTypeOf(identity: CloudIdentity): string {
    return `pulumi-nodejs:dynamic/${TYPE_MODULE}:${identity.resource}`;
}
