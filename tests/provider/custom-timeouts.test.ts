import * as pulumi from "@pulumi/pulumi";
import { TencentCvmImportedImage } from "../../provider";
import { customTimeoutsWarning } from "../../provider/program/resource";

const ARGS = { region: "ap-guangzhou", imageName: "x", imageUrl: "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/x.qcow2", osType: "CentOS", osVersion: "7", architecture: "x86_64" } as const;

test("a dynamic resource given customTimeouts warns, on the resource, naming the timeouts input; none without", async () => {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({}) }, "proj", "stack", false);
    const warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
    try {
        const withTimeouts = new TencentCvmImportedImage("slow", ARGS, { customTimeouts: { create: "2h" } });
        const plain = new TencentCvmImportedImage("plain", ARGS);
        // Registration (the provider's serialization) finishes before the test does.
        await new Promise<void>((resolve) => pulumi.all([withTimeouts.id, plain.id]).apply(() => resolve()));
        expect(warn).toHaveBeenCalledTimes(1);
        expect(warn).toHaveBeenCalledWith(customTimeoutsWarning({ create: "2h" }), withTimeouts);
        expect(warn.mock.calls[0][0]).toMatch(/set the resource's `timeouts` input instead \(timeouts: \{ create: "2h" \}\)/);
    } finally {
        warn.mockRestore();
    }
});
