import type { CloudIdentity } from "../core/identity";

/** This cloud's identity, declared once: everything else derives its key, title and resource name from it. */
export const TENCENT_ECM = { key: "tencent-ecm", title: "Tencent Cloud ECM", resource: "TencentEcmImportedImage" } as const satisfies CloudIdentity;
