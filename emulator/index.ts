import { CLOUDS } from "./clouds";
import { startServer, type RunningEmulator, type ServerOptions } from "./core/server";
import { emulatorEnv } from "./env";

export type { RunningEmulator, ServerOptions } from "./core/server";
export type { EmulatorOptions, Credential } from "./core/options";
export type { FaultSpec } from "./core/faults";
export type { LogEntry } from "./core/request-log";
export { TEST_CREDENTIALS } from "./core/options";
export { emulatorEnv, toDotenvLines, toExportLines } from "./env";
export { EmulatorControl } from "./control-client";

/** A running emulator, plus the environment that points the provider at it. */
export interface Emulator extends RunningEmulator {
    /** The variables that point the provider at this emulator (endpoint and test credentials). */
    env: Record<string, string>;
}

/** Start the local cloud on 127.0.0.1 (port 0 picks a free port). */
export async function startEmulator(options: ServerOptions = {}): Promise<Emulator> {
    const running = await startServer(CLOUDS, options);
    return Object.assign(running, { env: emulatorEnv(running.url, running.options) });
}
