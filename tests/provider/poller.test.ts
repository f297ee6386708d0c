import { startTestCloud, cvmInputs, rejection, type TestCloud } from "../support/cloud";
import { Poller } from "../../provider/core/poller";
import { connectCvm } from "../../provider/tencent-cvm/api";
import { Settings } from "../../provider/core/settings";

/** The shared poller against the emulator through the real CVM API layer. */
let cloud: TestCloud;
beforeAll(async () => {
    cloud = await startTestCloud({ importDelayMs: 5000 });
});
afterAll(async () => {
    await cloud.close();
});

function api() {
    return connectCvm(new Settings({ get: (k) => cloud.config[k] }), cvmInputs());
}

test("a callback that throws ends the wait instead of leaving it hanging", async () => {
    const { id } = await cloud.provider("tencent-cvm").create(cvmInputs({ imageName: "cb", timeouts: { create: "1ms" } })).catch((e) => e);
    const poller = new Poller({ minIntervalMs: 20, maxIntervalMs: 50 });
    const a = api();
    const e = await rejection(
        poller.wait({
            group: a.pollGroup,
            describe: (refs) => a.describe(refs),
            batchSize: 100,
            item: { id },
            until: () => false,
            retryable: () => true,
            deadline: Date.now() + 10_000,
            onChange: () => {
                throw new Error("callback bug");
            },
        }),
    );
    expect(e.message).toBe("callback bug");
});

test("each waiter's own deadline holds even while a describe call is slow", async () => {
    cloud.emu.faults.add({ cloud: "tencent-cvm", action: "DescribeImages", times: 1, mode: "delay", delayMs: 1500 });
    const poller = new Poller({ minIntervalMs: 20, maxIntervalMs: 50 });
    const a = api();
    const started = Date.now();
    const e = await rejection(
        poller.wait({ group: a.pollGroup, describe: (refs) => a.describe(refs), batchSize: 100, item: { id: "img-00000000" }, until: () => false, retryable: () => true, deadline: Date.now() + 200 }),
    );
    expect(e.name).toBe("WaitTimeoutError");
    expect(Date.now() - started).toBeLessThan(1000);
});
