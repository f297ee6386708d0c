import type { CloudModule } from "../core/types";
import { throttled } from "./errors";
import { EnsModel, seedEns } from "./models";
import { EnsParams } from "./params";
import { matchesEns, parseEns, renderEnsError, renderEnsResult } from "./protocol";
import { DEFAULT_QPS, ENS_ACTIONS } from "./responses";

export { EnsModel } from "./models";
export type { EnsImage, EnsImageStatus } from "./models";

const ACTION_NAMES: ReadonlySet<string> = new Set(Object.keys(ENS_ACTIONS));

/** Alibaba Cloud ENS, API version 2017-11-10: RPC over GET or POST, signature v1.0. */
export const alicloudEns: CloudModule = {
    name: "alicloud-ens",
    matches: matchesEns,
    parse: (req, ctx) => parseEns(req, ctx, ACTION_NAMES),
    rateLimit: (_action, ctx) => ctx.options.rateLimitOverrides["alicloud-ens:*"] ?? DEFAULT_QPS,
    throttleError: () => throttled(),
    dispatch: (call, ctx) => ENS_ACTIONS[call.action](new EnsParams(call.params), call, ctx),
    renderResult: renderEnsResult,
    renderError: renderEnsError,
    snapshot: (ctx) => new EnsModel(ctx).snapshot(),
    seed: seedEns,
};
