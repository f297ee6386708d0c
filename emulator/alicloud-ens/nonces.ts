import type { CloudContext } from "../core/types";

/** A nonce may not come back while its request's Timestamp could still be accepted. */
export const NONCE_WINDOW_MS = 15 * 60 * 1000;

interface NonceState {
    /** "<AccessKeyId>\n<nonce>" → when the nonce may be used again (emulator clock). */
    until: Record<string, number>;
}

/**
 * SignatureNonce replay protection. The nonces live in the store, so an emulator reset forgets them
 * (a replayed capture is accepted once per fresh emulator) and they expire on the emulator clock.
 */
export function useNonce(ctx: CloudContext, accessKeyId: string, nonce: string): boolean {
    const state = ctx.store.bucket<NonceState>("alicloud-ens-nonces", () => ({ until: {} }));
    const now = ctx.clock.now();
    for (const [k, until] of Object.entries(state.until)) if (until <= now) delete state.until[k];
    const key = `${accessKeyId}\n${nonce}`;
    if (state.until[key] !== undefined) return false;
    state.until[key] = now + NONCE_WINDOW_MS;
    return true;
}
