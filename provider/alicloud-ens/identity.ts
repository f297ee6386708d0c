import type { CloudIdentity } from "../core/identity";

/** This cloud's identity, declared once: everything else derives its key, title and resource name from it. */
export const ALICLOUD_ENS = { key: "alicloud-ens", title: "Alibaba Cloud ENS", resource: "AlicloudEnsImportedImage" } as const satisfies CloudIdentity;
