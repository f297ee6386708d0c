import * as fs from "fs";
import * as path from "path";

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
        if (file && fs.existsSync(file)) this.data = JSON.parse(fs.readFileSync(file, "utf8"));
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
        this.flushTimer ??= setTimeout(() => this.flush(), 20);
    }

    flush(): void {
        if (this.flushTimer) clearTimeout(this.flushTimer);
        this.flushTimer = undefined;
        if (!this.file || !this.dirty) return;
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        const tmp = `${this.file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(this.data));
        fs.renameSync(tmp, this.file);
        this.dirty = false;
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
