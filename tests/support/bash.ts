import { spawn } from "child_process";

/**
 * A shell script run as CI runs one (bash with the given flags), in its own process group so that one that
 * hangs is stopped whole at `timeoutMs` and reported with what it printed, stdout and stderr interleaved.
 */
export function runBash(script: string, o: { flags: string[]; cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve) => {
        const child = spawn("bash", [...o.flags, "-c", script], { cwd: o.cwd, env: o.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
        let output = "";
        const stop = setTimeout(() => {
            output += `\n[the script did not end within ${o.timeoutMs / 1000} s and was stopped]`;
            process.kill(-child.pid!, "SIGKILL");
        }, o.timeoutMs);
        child.stdout.on("data", (d) => (output += d));
        child.stderr.on("data", (d) => (output += d));
        child.on("close", (code) => {
            clearTimeout(stop);
            resolve({ code, output });
        });
    });
}
