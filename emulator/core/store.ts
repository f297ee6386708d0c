import * as fs from "fs";
import * as path from "path";
import { redactUrlQueries } from "./redact";

/**
 * All emulator state as plain JSON data, one bucket per cloud. Handlers mutate buckets synchronously,
 * so concurrent requests never interleave a read-modify-write. With a file, every change is written
 * through (atomically, via rename) so a restarted emulator keeps its images.
 */
export class Store {
    private data: Record<string, Record<string, unknown>> = {};
    private dirty = false;
    private flushTimer?: NodeJS.Timeout;

    constructor(private readonly file?: string) {
        if (file && fs.existsSync(file)) this.data = readStateFile(file);
    }

    /** The cloud's bucket, created from `init` on first use. */
    bucket<T extends object>(cloud: string, init: () => T): T {
        if (!this.data[cloud]) this.data[cloud] = init() as Record<string, unknown>;
        return this.data[cloud] as T;
    }

    changed(): void {
        if (!this.file) return;
        this.dirty = true;
        // Coalesce a burst of writes into one; `flush` on close makes the last state durable.
        this.flushTimer ??= setTimeout(() => this.flush(), 20).unref();
    }

    flush(): void {
        if (this.flushTimer) clearTimeout(this.flushTimer);
        this.flushTimer = undefined;
        if (!this.file || !this.dirty) return;
        try {
            fs.mkdirSync(path.dirname(this.file), { recursive: true });
            const tmp = `${this.file}.${process.pid}.tmp`;
            // Owner-only, and no presigned URL's signature: the file outlives the run.
            fs.writeFileSync(tmp, JSON.stringify(redactUrlQueries(this.data)), { mode: 0o600 });
            fs.renameSync(tmp, this.file);
            this.dirty = false;
        } catch (e) {
            // A full disk must not take the emulator down; the next change tries again.
            console.error(`[emulator] could not write the state file ${this.file}: ${e instanceof Error ? e.message : e}`);
        }
    }

    snapshot(): Record<string, unknown> {
        return JSON.parse(JSON.stringify(this.data));
    }

    reset(): void {
        this.data = {};
        this.dirty = true;
        this.changed();
    }
}

/** An empty file is an empty state; anything but a JSON object is refused, naming the file. */
function readStateFile(file: string): Record<string, Record<string, unknown>> {
    const text = fs.readFileSync(file, "utf8");
    if (text.trim() === "") return {};
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (e) {
        throw new Error(`the state file ${file} is not valid JSON (${e instanceof Error ? e.message : e})`);
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) throw new Error(`the state file ${file} must hold a JSON object`);
    return data as Record<string, Record<string, unknown>>;
}
