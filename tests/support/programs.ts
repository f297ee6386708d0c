import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, type Emulator, type ServerOptions } from "../../emulator";
import { PulumiStack, type ConfigValues } from "./pulumi";

export const ROOT = path.resolve(__dirname, "../..");

export interface ProgramRun {
    emu: Emulator;
    stack: PulumiStack;
    /** The emulator's images of one cloud ("tencent-cvm" unless named). */
    images(cloud?: string): any[];
    close(): Promise<void>;
}

/** Each cloud's credential variables and the stack config keys that take their place. */
const CREDENTIAL_CONFIG = [
    ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "tencentcloud:secretId", "tencentcloud:secretKey"],
    ["JDCLOUD_ACCESS_KEY", "JDCLOUD_SECRET_KEY", "jdcloud:accessKey", "jdcloud:secretKey"],
    ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "alicloud:accessKey", "alicloud:secretKey"],
] as const;

/**
 * A Pulumi program run by the real CLI against a fresh emulator, with nothing but the variables
 * `npm run emulator -- --write-env` writes. With `credentialsAsConfig`, the credentials go in as (secret)
 * stack config instead of variables, to prove they never reach the state in plaintext.
 */
export async function startProgram(
    projectDir: string,
    opts: { emulator?: ServerOptions; credentialsAsConfig?: boolean; env?: NodeJS.ProcessEnv; backend?: string; emu?: Emulator } = {},
): Promise<ProgramRun> {
    // Programs that work together (a StackReference) share one emulator; the first one's close stops it.
    const emu = opts.emu ?? (await startEmulator({ importDelayMs: 400, ...opts.emulator }));
    const env: NodeJS.ProcessEnv = { ...emu.env, IMAGE_IMPORT_POLL_INTERVAL: "100ms", ...opts.env };
    const config: ConfigValues = {};
    if (opts.credentialsAsConfig) {
        // Every cloud's, under the names its users know; the key ids plain, the secrets secret.
        for (const [id, secret, idKey, secretKey] of CREDENTIAL_CONFIG) {
            env[id] = "";
            env[secret] = "";
            config[idKey] = emu.env[id];
            config[secretKey] = { value: emu.env[secret], secret: true };
        }
    }
    let stack: PulumiStack;
    try {
        stack = await PulumiStack.create({ projectDir, env, config, backend: opts.backend });
    } catch (e) {
        if (!opts.emu) await emu.close();
        throw e;
    }
    return {
        emu,
        stack,
        images: (cloud = "tencent-cvm") => Object.values(((emu.store.snapshot()[cloud] as any) ?? {}).images ?? {}),
        async close() {
            await stack.close();
            if (!opts.emu) await emu.close();
        },
    };
}

/** The largest `__provider` a resource may carry in state: Pulumi stores it twice per resource. */
export const PROVIDER_BUDGET_BYTES = 4096;

/**
 * What `pulumi stack export` must never hold: a credential or a presigned URL's signature in plaintext, or a
 * serialized provider over budget. Returns the problems found, so a failure names them all.
 */
export async function stateProblems(run: ProgramRun, secrets: string[] = []): Promise<string[]> {
    const { text, resources } = await run.stack.exportState();
    const problems: string[] = [];
    for (const s of [run.emu.env.TENCENTCLOUD_SECRET_KEY, run.emu.env.JDCLOUD_SECRET_KEY, run.emu.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, ...secrets]) {
        if (s && text.includes(s)) problems.push(`the state holds ${s.slice(0, 6)}… in plaintext`);
    }
    if (/q-signature=|[?&]Signature=|X-Amz-Signature=/i.test(text)) problems.push("the state holds a presigned URL's signature");
    for (const r of resources) {
        const size = Buffer.byteLength(String(r.inputs?.__provider ?? ""));
        if (size > PROVIDER_BUDGET_BYTES) problems.push(`${r.urn}: __provider is ${size} bytes`);
    }
    return problems;
}

/**
 * A user's own project outside this repository, with the package in its node_modules (linked, as an
 * install puts it there, with its bin) and one CVM image in a plain JavaScript program.
 */
export function makeConsumerProject(imageName = "consumer-image"): string {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "image-import-consumer-"));
    const modules = path.join(project, "node_modules");
    fs.mkdirSync(path.join(modules, ".bin"), { recursive: true });
    fs.symlinkSync(ROOT, path.join(modules, "pulumi-image-import"), "dir");
    fs.symlinkSync(path.join(ROOT, "node_modules", "@pulumi"), path.join(modules, "@pulumi"), "dir");
    const bin = path.join(ROOT, "dist", "emulator", "cli.js");
    // npm makes a package's bins executable when it installs them; the build leaves them as plain files.
    fs.chmodSync(bin, 0o755);
    fs.symlinkSync(bin, path.join(modules, ".bin", "pulumi-image-import-emulator"));
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer-stack", version: "1.0.0", main: "index.js" }));
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: consumer-stack\nruntime: nodejs\n");
    fs.writeFileSync(
        path.join(project, "index.js"),
        `const { TencentCvmImportedImage } = require("pulumi-image-import");
const img = new TencentCvmImportedImage("img", {
    imageName: ${JSON.stringify(imageName)},
    imageUrl: "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/x.qcow2",
    osType: "CentOS", osVersion: "7", architecture: "x86_64",
});
exports.imageId = img.imageId;
`,
    );
    return project;
}
