import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, type Emulator, type ServerOptions } from "../../emulator";
import { Harness, type OperationResult } from "../harness";

export const ROOT = path.resolve(__dirname, "../..");

export interface ProgramRun {
    emu: Emulator;
    dir: string;
    stateFile: string;
    logs: string[];
    /** A harness for the next operation, with this stack config (the state file carries over, like a stack). */
    harness(config?: Record<string, string | { value: string; secret?: boolean }>): Harness;
    images(): any[];
    close(): Promise<void>;
}

/**
 * A Pulumi program of this repository run through the engine harness against a fresh emulator,
 * with nothing but the variables `npm run emulator -- --write-env` writes. Credentials go in as
 * secret stack config when `credentialsAsConfig` is set, to prove they never reach the state file.
 */
export async function startProgram(projectDir: string, opts: { emulator?: ServerOptions; credentialsAsConfig?: boolean } = {}): Promise<ProgramRun> {
    const emu = await startEmulator({ importDelayMs: 400, ...opts.emulator });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "image-import-program-"));
    const stateFile = path.join(dir, "state.json");
    const logs: string[] = [];
    const env: NodeJS.ProcessEnv = { ...emu.env, IMAGE_IMPORT_POLL_INTERVAL: "100ms", PULUMI_NODEJS_TRANSPILE_ONLY: "true" };
    const base: Record<string, { value: string; secret?: boolean }> = {};
    if (opts.credentialsAsConfig) {
        env.TENCENTCLOUD_SECRET_ID = "";
        env.TENCENTCLOUD_SECRET_KEY = "";
        base["tencentcloud:secretId"] = { value: emu.env.TENCENTCLOUD_SECRET_ID };
        base["tencentcloud:secretKey"] = { value: emu.env.TENCENTCLOUD_SECRET_KEY, secret: true };
    }
    return {
        emu,
        dir,
        stateFile,
        logs,
        harness(config = {}) {
            const normalized = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? { value: v } : v]));
            return new Harness({ projectDir, stateFile, env, config: { ...base, ...normalized }, onLog: (l) => logs.push(l) });
        },
        images: () => Object.values(((emu.store.snapshot()["tencent-cvm"] as any) ?? {}).images ?? {}),
        async close() {
            await emu.close();
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

export function expectOk(r: OperationResult): OperationResult {
    if (!r.ok) throw new Error(`operation failed: ${r.error}\n${r.planText}`);
    return r;
}

/** step op per resource name, e.g. { "base-image": "create" }. */
export function opsOf(r: OperationResult): Record<string, string> {
    return Object.fromEntries(r.steps.filter((s) => !s.type.startsWith("pulumi:pulumi:Stack")).map((s) => [s.name, s.op]));
}
