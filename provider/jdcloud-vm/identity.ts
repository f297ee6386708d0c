import type { CloudIdentity } from "../core/identity";

/** This cloud's identity, declared once: everything else derives its key, title and resource name from it. */
export const JDCLOUD_VM = { key: "jdcloud-vm", title: "JD Cloud VM", resource: "JdcloudVmImportedImage" } as const satisfies CloudIdentity;
