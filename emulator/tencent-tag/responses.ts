import { missingParameter } from "../tencent/errors";
import { TcParams } from "../tencent/params";
import type { TencentAction } from "../tencent/product";
import { attachedTagsQuota, reservedTagKey, tagKeyDuplicate, tagKeyLength, tagValueLength, tooManyInCall } from "./errors";
import { taggedResource, type Tag } from "./models";

/** Tags a resource holds at most, and a call may carry in each list (ModifyResourceTags docs). */
const RESOURCE_TAGS_MAX = 50;
const PER_CALL_MAX = 10;

function tagList<T>(p: TcParams, name: string): T[] | undefined {
    const list = p.array<T>(name);
    if (list && (list.length === 0 || list.length > PER_CALL_MAX)) throw tooManyInCall(name);
    return list;
}

const ModifyResourceTags: TencentAction = (raw, call, ctx) => {
    const p = new TcParams(raw);
    const resource = p.str("Resource", { required: true })!;
    const replace = tagList<{ TagKey?: unknown; TagValue?: unknown }>(p, "ReplaceTags") ?? [];
    const remove = tagList<{ TagKey?: unknown }>(p, "DeleteTags") ?? [];
    if (!replace.length && !remove.length) throw missingParameter("ReplaceTags");
    for (const t of replace) {
        const key = String(t.TagKey ?? "");
        if (!key) throw missingParameter("ReplaceTags.TagKey");
        if (/^(qcloud|tencent|project)/i.test(key)) throw reservedTagKey(key);
        if ([...key].length > 127) throw tagKeyLength(key);
        if ([...String(t.TagValue ?? "")].length > 255) throw tagValueLength(key);
        if (remove.some((d) => d.TagKey === key)) throw tagKeyDuplicate(key);
    }
    const target = taggedResource(ctx, call.account, resource);
    const tags = new Map(target.tags.map((t) => [t.Key, t.Value]));
    for (const d of remove) tags.delete(String(d.TagKey));
    for (const t of replace) tags.set(String(t.TagKey), String(t.TagValue ?? ""));
    if (tags.size > RESOURCE_TAGS_MAX) throw attachedTagsQuota(RESOURCE_TAGS_MAX);
    target.tags = [...tags].map(([Key, Value]): Tag => ({ Key, Value }));
    return {};
};

export const TAG_ACTIONS: Record<string, TencentAction> = { ModifyResourceTags };

/** Request parameters per action (the tag API's ModifyResourceTags page, API version 2018-08-13). */
export const TAG_PARAMETERS: Record<string, readonly string[]> = { ModifyResourceTags: ["Resource", "ReplaceTags", "DeleteTags"] };

/** "A maximum of 20 requests can be initiated per second for this API." */
export const TAG_RATE_LIMITS: Record<string, number> = { ModifyResourceTags: 20 };
