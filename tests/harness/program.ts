/**
 * Runs the Pulumi program the way `pulumi-language-nodejs` does: `node @pulumi/pulumi/cmd/run/index.js` with the
 * flags its `constructArguments` builds (pulumi-language-nodejs/main.go:1086-1116) and the config in the environment.
 */
import { spawn } from "child_process";
import * as readline from "readline";
import { Project, StackConfig, programConfigEnv } from "./project";

const RUN_SCRIPT = require.resolve("@pulumi/pulumi/cmd/run/index.js");

export interface ProgramOptions {
  project: Project;
  stack: string;
  dryRun: boolean;
  monitorAddress: string;
  engineAddress: string;
  config: StackConfig;
  env: NodeJS.ProcessEnv;
  onLog: (line: string) => void;
  /**
   * Known quirk (reference §6.4): a program whose failed resource's outputs are exported can take ~35 s to exit
   * (GC plus util.inspect in cmd/run/error.js). The caller's timeout must allow for it; on expiry the program is killed.
   */
  timeoutMs: number;
}

export interface ProgramResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The last stderr lines, for error messages. */
  stderr: string[];
}

export function runProgram(o: ProgramOptions): Promise<ProgramResult> {
  const args = [
    RUN_SCRIPT,
    `--monitor=${o.monitorAddress}`,
    `--engine=${o.engineAddress}`,
    `--project=${o.project.name}`,
    `--stack=${o.stack}`,
    `--root-directory=${o.project.dir}`,
    `--pwd=${o.project.dir}`,
    ...(o.dryRun ? ["--dry-run"] : []),
    o.project.main,
  ];
  const env: NodeJS.ProcessEnv = {
    ...o.env,
    ...programConfigEnv(o.config),
    // The language host sets this unless `runtime.options.typescript: false`; cmd/run then registers ts-node,
    // preferring the project's own typescript/ts-node (cmd/run/run.js:234-361).
    ...(o.project.typescript ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {}),
  };
  const child = spawn(process.execPath, args, { cwd: o.project.dir, env, stdio: ["ignore", "pipe", "pipe"] });
  const stderr: string[] = [];
  readline.createInterface({ input: child.stdout! }).on("line", (line) => o.onLog(`[program] ${line}`));
  readline.createInterface({ input: child.stderr! }).on("line", (line) => {
    stderr.push(line);
    if (stderr.length > 50) stderr.shift();
    o.onLog(`[program] ${line}`);
  });
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      o.onLog(`[harness] program still running after ${o.timeoutMs} ms: killing it`);
      child.kill("SIGKILL");
    }, o.timeoutMs);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stderr });
    });
  });
}
