import type { CloudDefinition, ImageApi, ImageRef } from "./cloud";
import { formatDuration } from "./duration";
import { CloudError } from "./errors";
import { logImage, type RuntimeContext } from "./runtime-context";
import { unmarked } from "./mark";
import { WaitTimeoutError } from "./poller";
import { statusOf, type ImageStatus } from "./status";
import type { Deadline } from "./timeouts";

/** A long wait says it is alive at least this often (more rarely when polling is slower)... */
const HEARTBEAT_MIN_MS = 1000;
/** ...then more rarely as it goes on, a sixth of the time waited so far, up to this: a 4 h import says so some 30 times. */
const HEARTBEAT_MAX_MS = 15 * 60_000;

export interface WaitSpec {
    /** Who the progress lines are about (see subjectOf). */
    subject: string;
    /** The operation's own deadline, the one everything it waits for shares. */
    deadline: Deadline;
    /** Stop when this holds; `undefined` means the image is not listed. */
    until(status: ImageStatus | undefined): boolean;
    /**
     * The wait is for a delete the cloud accepted: a line says what the cloud reports meanwhile (an image
     * stays listed as it was until the cloud gets to it), with no import progress, and "not listed" is the
     * end, which the caller says.
     */
    deleting?: boolean;
}

/** How long a wait that has gone on `elapsedMs` stays quiet between two lines that say nothing changed. */
export function heartbeatGapMs(elapsedMs: number, baseMs: number): number {
    return Math.min(HEARTBEAT_MAX_MS, Math.max(baseMs, elapsedMs / 6));
}

/**
 * Waits through the shared poller, with the cloud's states turned into phases, progress lines as things
 * change and a heartbeat while they do not.
 */
export class Waiter {
    constructor(
        private readonly def: CloudDefinition,
        private readonly rt: RuntimeContext,
    ) {}

    async wait(api: ImageApi, ref: ImageRef, spec: WaitSpec): Promise<ImageStatus | undefined> {
        const started = Date.now();
        let lastLine = started;
        const heartbeatMs = Math.max(HEARTBEAT_MIN_MS, 4 * this.rt.settings().pollIntervals().minMs);
        const report = (s: ImageStatus | undefined) => {
            lastLine = Date.now();
            const elapsed = `${formatDuration(lastLine - started)} elapsed`;
            if (spec.deleting) {
                if (s) logImage(this.rt, spec.subject, ref.id, `delete accepted, waiting until it is gone (listed as ${s.state}, ${elapsed})`);
                return;
            }
            const progress = s?.progress !== undefined && s.phase === "pending" ? ` ${s.progress}%` : "";
            logImage(this.rt, spec.subject, ref.id, s ? `${s.state}${progress} (${elapsed})` : "not listed");
        };
        const states = this.def.states;
        try {
            return await this.rt.poller().wait<ImageRef, ImageStatus>({
                group: api.pollGroup,
                describe: async (refs) => new Map([...(await api.describe(refs))].map(([id, image]) => [id, statusOf(states, unmarked(this.def, image))])),
                batchSize: api.batchSize,
                item: ref,
                until: spec.until,
                deadline: spec.deadline.at,
                retryable: (e) => e instanceof CloudError && e.retryable,
                onChange: report,
                onUnchanged: (s) => Date.now() - lastLine >= heartbeatGapMs(Date.now() - started, heartbeatMs) && report(s),
            });
        } catch (e) {
            if (e instanceof WaitTimeoutError) throw new WaitTimeoutError(ref.id, e.last, `timed out after ${spec.deadline}`);
            throw e;
        }
    }
}
