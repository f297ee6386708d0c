/** How long a batch stays open for more keys: the creates of one `up` arrive over a few milliseconds. */
const WINDOW_MS = 25;

const open = new Map<string, { keys: string[]; answer: Promise<Map<string, unknown>> }>();

/**
 * A look-up that callers of the same group ask for at about the same time is made once for all of them:
 * the first opens a batch, the others join it while it is open (up to `max` keys), and one `fetch` of every
 * key answers each caller with its own. How the checks of a hundred creates read their sources in a call or
 * two rather than a hundred.
 */
export function coalesced<V>(group: string, key: string, max: number, fetch: (keys: string[]) => Promise<Map<string, V>>): Promise<V | undefined> {
    let batch = open.get(group);
    if (!batch || batch.keys.length >= max) {
        const keys: string[] = [];
        const opened = {
            keys,
            answer: new Promise<void>((r) => setTimeout(r, WINDOW_MS)).then(() => {
                if (open.get(group) === opened) open.delete(group);
                return fetch(keys);
            }),
        };
        open.set(group, opened);
        batch = opened;
    }
    if (!batch.keys.includes(key)) batch.keys.push(key);
    return batch.answer.then((found) => found.get(key) as V | undefined);
}
