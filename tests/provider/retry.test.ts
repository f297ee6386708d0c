/** The core's one way to wait for what is not polled: keepTrying, over a jittered Backoff, within a deadline. */
import { AdaptiveRates } from "../../provider/core/rate-limiter";
import { Backoff, GaveUp, keepTrying } from "../../provider/core/retry";
import { Deadline } from "../../provider/core/timeouts";

describe("Backoff", () => {
    test("grows from the minimum by its factor up to the maximum, and resets", () => {
        const b = new Backoff({ minMs: 100, maxMs: 500, jitter: 0 });
        expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 500, 500]);
        b.reset();
        expect(b.next()).toBe(100);
    });

    test("each pause is jittered within ± the fraction", () => {
        const b = new Backoff({ minMs: 1000, maxMs: 1000, jitter: 0.1 });
        const pauses = Array.from({ length: 200 }, () => b.next());
        expect(Math.min(...pauses)).toBeGreaterThanOrEqual(900);
        expect(Math.max(...pauses)).toBeLessThanOrEqual(1100);
        expect(new Set(pauses).size).toBeGreaterThan(1);
    });
});

describe("keepTrying", () => {
    const fast = { minMs: 5, maxMs: 20 };

    test("ends with the first answer, trying again while there is none", async () => {
        let n = 0;
        await expect(keepTrying(async () => (++n === 3 ? "found" : undefined), { ...fast, until: Date.now() + 5000 })).resolves.toBe("found");
        expect(n).toBe(3);
    });

    test("a retryable error is another try; at the last attempt it is given up with that error", async () => {
        const busy = new Error("busy");
        let n = 0;
        const e = await keepTrying(
            async () => {
                n++;
                throw busy;
            },
            { ...fast, until: Date.now() + 5000, attempts: 3, retryable: () => true },
        ).catch((x) => x);
        expect(e).toBeInstanceOf(GaveUp);
        expect(e.last).toBe(busy);
        expect(n).toBe(3);
    });

    test("any other error ends it at once", async () => {
        let n = 0;
        const boom = new Error("boom");
        await expect(keepTrying(async () => { n++; throw boom; }, { ...fast, until: Date.now() + 5000, retryable: () => false })).rejects.toBe(boom);
        expect(n).toBe(1);
    });

    test("never pauses past its end: the first try always runs, and nothing answers undefined in time", async () => {
        const started = Date.now();
        let n = 0;
        await expect(keepTrying(async () => { n++; return undefined; }, { minMs: 1000, maxMs: 1000, until: started + 150 })).resolves.toBeUndefined();
        expect(Date.now() - started).toBeLessThan(600);
        expect(n).toBe(2);
        await expect(keepTrying(async () => "at once", { ...fast, until: 0 })).resolves.toBe("at once");
    });

    test("an abort signal ends the wait with its reason", async () => {
        const ctl = new AbortController();
        setTimeout(() => ctl.abort(new Error("cancelled")), 50);
        const started = Date.now();
        await expect(keepTrying(async () => undefined, { minMs: 10_000, maxMs: 10_000, until: Date.now() + 60_000, signal: ctl.signal })).rejects.toThrow("cancelled");
        expect(Date.now() - started).toBeLessThan(1000);
    });
});

describe("Deadline", () => {
    test("made once from the operation's timeout (or its default), named as the user wrote it", () => {
        const d = Deadline.of({ timeouts: { create: "1h30m" } }, "create", 1000);
        expect(d.at).toBe(1000 + 90 * 60_000);
        expect(String(d)).toBe("1h30m (timeouts.create)");
        expect(String(Deadline.of({}, "delete", 0))).toBe("1h (timeouts.delete)");
    });
});

describe("AdaptiveRates", () => {
    const pace = { start: 20, min: 1, max: 100 };

    test("a throttled answer cuts the pace to 70%, down to the floor; calls that go through raise it again slowly, up to the ceiling", () => {
        const rates = new AdaptiveRates();
        expect(rates.rate("k", pace)).toBe(20);
        rates.throttled("k", pace);
        expect(rates.rate("k", pace)).toBe(14);
        for (let i = 0; i < 20; i++) rates.throttled("k", pace);
        expect(rates.rate("k", pace)).toBe(1);
        // About a tenth of a request a second more for each second at full pace: some 20 s from 1 to 6.
        for (let i = 0; i < 200; i++) rates.passed("k", pace);
        expect(rates.rate("k", pace)).toBe(6);
        for (let i = 0; i < 1_000_000; i++) rates.passed("k", pace);
        expect(rates.rate("k", pace)).toBe(100);
        expect(rates.rate("other", pace)).toBe(20);
    });
});
