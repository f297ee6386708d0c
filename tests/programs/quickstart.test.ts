import { Harness } from "../harness";
import { ROOT } from "../support/programs";
import { describeProgramLifecycle } from "./scenarios";

/** The root Pulumi.yaml program. */
describeProgramLifecycle({ dir: ROOT, resource: "base-image", otherOsVersion: "6" });

test("with no credentials and no endpoint, the quickstart explains how to point it at the emulator or an account", async () => {
    const h = new Harness({
        projectDir: ROOT,
        stateFile: `${require("os").tmpdir()}/quickstart-nothing-${process.pid}.json`,
        env: { TENCENTCLOUD_SECRET_ID: "", TENCENTCLOUD_SECRET_KEY: "", IMAGE_IMPORT_ENDPOINT: "", PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
        onLog: () => undefined,
    });
    const r = await h.preview();
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/npm run emulator -- --port 0 --write-env/);
    expect(r.error).toMatch(/pulumi config set --secret tencentcloud:secretKey/);
});
