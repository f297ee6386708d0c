import type { CloudIdentity } from "../core/identity";

/** This cloud's identity, declared once: everything else derives its key, title and resource name from it. */
export const TENCENT_CVM = { key: "tencent-cvm", title: "Tencent Cloud CVM", resource: "TencentCvmImportedImage" } as const satisfies CloudIdentity;
