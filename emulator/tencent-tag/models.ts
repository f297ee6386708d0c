import type { CloudContext } from "../core/types";
import { CvmModel } from "../tencent-cvm";
import { resourceDescriptionError, resourceNotFound } from "./errors";

export type Tag = { Key: string; Value: string };

/**
 * A resource's tags, found by its six-segment description `qcs::<service>:<region>:uin/<uin>:<type>/<id>`
 * (https://www.tencentcloud.com/document/product/651/89122). The uin may be left empty, as the Terraform
 * provider leaves it. CVM images are the taggable resource the emulator has.
 */
export function taggedResource(ctx: CloudContext, account: string, resource: string): { tags: Tag[] } {
    const m = /^qcs::([a-z]+):([a-z0-9-]*):uin\/(\d*):([a-z]+)\/([\w-]+)$/.exec(resource);
    if (!m) throw resourceDescriptionError(resource);
    const [, service, region, uin, type, id] = m;
    if (uin && uin !== account) throw resourceNotFound(resource);
    if (service !== "cvm" || type !== "image") throw resourceNotFound(resource);
    const img = new CvmModel(ctx).find(id, region);
    if (!img || img.account !== account) throw resourceNotFound(resource);
    return img;
}
