import { spawn } from "child_process";
import * as path from "path";
import { ROOT } from "../support/programs";
import { requireCli } from "../support/pulumi";

/**
 * `npm run demo` after its build (dist/scripts/demo.js, which `npm test` has built): the eight steps on the
 * real CLI, nothing left in the emulator, and within the budget the README's first line promises a warm
 * run: 45 s on 2 shared cores (about 18 s on idle ones).
 */
test("the demo shows its eight steps, leaves no image and finishes within 45 s", async () => {
    requireCli();
    const started = Date.now();
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(ROOT, "dist", "scripts", "demo.js")], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("error", reject);
        child.on("close", (c) => resolve({ code: c, output: out }));
    });
    const seconds = (Date.now() - started) / 1000;
    expect([code, output.slice(-2000)]).toEqual([0, expect.stringMatching(/Done in [\d.]+ s; images left in the emulator: 0\./)]);
    const steps = [...output.matchAll(/^── (\d)\/8 (pulumi \w+|rename)/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(steps).toEqual(["1 pulumi stack", "2 pulumi preview", "3 pulumi up", "4 pulumi up", "5 rename", "6 pulumi up", "7 pulumi refresh", "8 pulumi destroy"]);
    // What each step shows: the plan, the imports' progress, no change, the replace, the deletes.
    expect(output).toMatch(/\+ 5 to create/);
    expect(output).toMatch(/IMPORTING/);
    expect(output).toMatch(/\+ 5 created/);
    expect(output).toMatch(/5 unchanged/);
    expect(output).toMatch(/\+-2 to replace/);
    expect(output).toMatch(/\+-2 replaced/);
    expect(output).toMatch(/- 5 deleted/);
    // Every line true and readable. The replace's preview shows what the program declares: no internal input
    // (the package's own is `__imageImport`, which the CLI hides), no unset input as a removal.
    const step = (n: number) => output.split(/^── \d\/8 /m)[n] ?? "";
    expect(step(5)).toMatch(/~ imageName\s*: "quickstart-centos-7" => "quickstart-centos-7-v2"/);
    expect(step(5)).not.toMatch(/importToken|resourceName|__imageImport|importTracking|- tags/);
    // ECM names its copy after the CVM image, cut to 20 characters: said when the import starts.
    expect(step(6)).toMatch(/tencent-ecm img-\w+: import started; ECM names it after the CVM image "quickstart-centos-7-v2", cut to its 20-character limit: "quickstart-centos-7-"/);
    // A delete says the cloud accepted it, not the image's state as if it were importing.
    expect(step(8)).toMatch(/alicloud-ens m-\w+: delete accepted, waiting until it is gone \(listed as Available, /);
    expect(step(8)).not.toMatch(/: (Available|deleting \d+%) \(/);
    // The stack goes with its images (destroy --remove): no advice to remove it.
    expect(output).not.toMatch(/pulumi stack rm/);
    expect(seconds).toBeLessThanOrEqual(45);
}, 120_000);
