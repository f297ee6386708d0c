import type { CloudModule } from "../core/types";

/** JD Cloud VM v1 — not served yet: this module matches no request. */
export const jdcloudVm: CloudModule = {
    name: "jdcloud-vm",
    matches: () => false,
    parse: () => {
        throw new Error("jdcloud-vm is not served yet");
    },
    rateLimit: () => undefined,
    throttleError: () => {
        throw new Error("jdcloud-vm is not served yet");
    },
    dispatch: () => undefined,
    renderResult: () => ({ status: 501, body: "" }),
    renderError: () => ({ status: 501, body: "" }),
};
