import { PulumiStack } from "../support/pulumi";
import { ROOT } from "../support/programs";
import { cvmProgram } from "./clouds";
import { describeProgramLifecycle } from "./scenarios";

/** The root Pulumi.yaml program: a CVM image and its copy in ECM, and the same disk image in JD Cloud and ENS. */
describeProgramLifecycle(cvmProgram(ROOT, "base-image", { otherOsVersion: "6", others: ["base-image-edge", "jd-image", "ens-image"], dependents: ["base-image-edge"] }));

test("with no credentials and no endpoint, the quickstart explains how to point it at the emulator or an account", async () => {
    const stack = await PulumiStack.create({
        projectDir: ROOT,
        env: { TENCENTCLOUD_SECRET_ID: "", TENCENTCLOUD_SECRET_KEY: "", IMAGE_IMPORT_ENDPOINT: "" },
    });
    try {
        const r = await stack.run(["preview"]);
        expect(r.ok).toBe(false);
        expect(r.output).toMatch(/npm run emulator -- --port 0 --write-env/);
        expect(r.output).toMatch(/pulumi config set --secret tencentcloud:secretKey/);
    } finally {
        await stack.close();
    }
}, 120_000);
