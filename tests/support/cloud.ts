import { startEmulator, type Emulator, type ServerOptions } from "../../emulator";
import { configure, provider, setLogger } from "../../provider/runtime";
import type { ImportedImageProvider } from "../../provider/core/lifecycle";

export interface TestCloud {
    emu: Emulator;
    /** The provider runtime, configured as the host would be, pointed at the emulator. */
    provider(kind: string): ImportedImageProvider;
    config: Record<string, string>;
    logs: string[];
    close(): Promise<void>;
}

/**
 * An emulator on a free port plus the in-process provider runtime configured against it through
 * stack-config keys, the way `configure` receives them from the engine.
 */
export async function startTestCloud(options: ServerOptions = {}, extraConfig: Record<string, string> = {}): Promise<TestCloud> {
    const emu = await startEmulator({ importDelayMs: 300, ...options });
    const config: Record<string, string> = {
        "imageImport:endpoint": emu.url,
        "imageImport:pollInterval": "50ms",
        "imageImport:maxPollInterval": "200ms",
        "tencentcloud:secretId": emu.env.TENCENTCLOUD_SECRET_ID,
        "tencentcloud:secretKey": emu.env.TENCENTCLOUD_SECRET_KEY,
        ...extraConfig,
    };
    const logs: string[] = [];
    setLogger((line) => logs.push(line));
    configure({ config: { get: (k: string) => config[k] } });
    return { emu, config, logs, provider, close: () => emu.close() };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<any> {
    try {
        await p;
    } catch (e) {
        return e;
    }
    throw new Error("expected the promise to reject");
}

export const COS_URL = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/centos-7.qcow2";

export function cvmInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        __provider: "exports.handler = () => ({})",
        region: "ap-guangzhou",
        imageName: "centos-7-base",
        imageUrl: COS_URL,
        osType: "CentOS",
        osVersion: "7",
        architecture: "x86_64",
        ...overrides,
    };
}

