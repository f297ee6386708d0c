import type { CloudModule } from "../core/types";

/** Alibaba Cloud ENS 2017-11-10 — not served yet: this module matches no request. */
export const alicloudEns: CloudModule = {
    name: "alicloud-ens",
    matches: () => false,
    parse: () => {
        throw new Error("alicloud-ens is not served yet");
    },
    rateLimit: () => undefined,
    throttleError: () => {
        throw new Error("alicloud-ens is not served yet");
    },
    dispatch: () => undefined,
    renderResult: () => ({ status: 501, body: "" }),
    renderError: () => ({ status: 501, body: "" }),
};
