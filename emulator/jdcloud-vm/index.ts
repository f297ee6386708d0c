import type { CloudContext, CloudModule } from "../core/types";
import { notFound, rateExceeded } from "./errors";
import { JdVmModel, seedJdVm } from "./models";
import { JdParams } from "./params";
import { matchesJd, parseJd, renderJdError, renderJdResult } from "./protocol";
import { JD_DEFAULT_RATE_LIMIT, JD_VM_ACTIONS } from "./responses";
import { renderImage, renderSnapshot, renderTask, taskShape } from "./shapes";

export { JdVmModel } from "./models";
export type { JdImage, JdTask } from "./models";
export type { JdSnapshot } from "./snapshots";

/** Snapshots are keyed by id, as in the store, so a test can look a leftover up by the id an image named. */
function snapshot(ctx: CloudContext) {
    const m = new JdVmModel(ctx);
    const s = m.state;
    return {
        images: Object.values(s.images).map((i) => ({ account: i.account, region: i.region, ...renderImage(m, i) })),
        tasks: Object.values(s.tasks).map((t) => ({ account: t.account, region: t.region, ...renderTask(m, t, taskShape(ctx)) })),
        snapshots: Object.fromEntries(Object.values(m.snapshots).map((snap) => [snap.id, renderSnapshot(m, snap)])),
        clientTokens: Object.keys(s.clientTokens).length,
    };
}

/** JD Cloud VM v1 (JDCLOUD2-HMAC-SHA256, REST under /v1/regions/{regionId}/). */
export const jdcloudVm: CloudModule = {
    name: "jdcloud-vm",
    matches: matchesJd,
    parse: parseJd,
    rateLimit: () => JD_DEFAULT_RATE_LIMIT,
    throttleError: () => rateExceeded(),
    dispatch(call, ctx) {
        const action = JD_VM_ACTIONS[call.action];
        if (!action) throw notFound(`The API '${call.action}' is not found`);
        // Query values are strings to be parsed; the JSON body of a POST carries typed values.
        return action(new JdParams(call.params, call.meta.httpMethod !== "POST"), call, ctx);
    },
    renderResult: renderJdResult,
    renderError: renderJdError,
    snapshot,
    seed: seedJdVm,
};
