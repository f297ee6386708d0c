import type { CloudModule } from "../core/types";

/** Tencent Cloud ECM 2019-07-19 — not served yet: this module matches no request. */
export const tencentEcm: CloudModule = {
    name: "tencent-ecm",
    matches: () => false,
    parse: () => {
        throw new Error("tencent-ecm is not served yet");
    },
    rateLimit: () => undefined,
    throttleError: () => {
        throw new Error("tencent-ecm is not served yet");
    },
    dispatch: () => undefined,
    renderResult: () => ({ status: 501, body: "" }),
    renderError: () => ({ status: 501, body: "" }),
};
