import { formatDuration, parseDuration } from "../../provider/core/duration";
import { heartbeatGapMs } from "../../provider/core/waiter";

test.each([
    ["90m", 90 * 60_000],
    ["2h", 2 * 3_600_000],
    ["1h30m", 90 * 60_000],
    ["1h30m15s", 90 * 60_000 + 15_000],
    ["1.5h", 90 * 60_000],
    ["45s", 45_000],
    ["500ms", 500],
    ["2d", 2 * 86_400_000],
    [" 6h ", 6 * 3_600_000],
    ["2 hours", 2 * 3_600_000],
])("%j is read as Go, Terraform and ms write it", (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
});

test.each(["", "soon", "90", "1h 30m", "-5m", "0s", "1x", "h1"])("%j is not a duration", (text) => {
    expect(parseDuration(text)).toBeUndefined();
});

test.each([
    [90 * 60_000, "1h30m"],
    [45_000, "45s"],
    [125_000, "2m5s"],
    [350, "350ms"],
    [26 * 3_600_000, "1d2h"],
    [4 * 3_600_000 + 59_000, "4h59s"],
])("%d ms is written %j, never rounded to the next unit", (value, text) => {
    expect(formatDuration(value)).toBe(text);
    expect(parseDuration(text)).toBe(value < 1000 ? value : Math.round(value / 1000) * 1000);
});

test("a four-hour import at the default 5 s tick says it is alive some 30 times, not every 20 s", () => {
    let last = 0;
    let lines = 0;
    for (let t = 5_000; t <= 4 * 3_600_000; t += 5_000) {
        if (t - last >= heartbeatGapMs(t, 20_000)) {
            lines++;
            last = t;
        }
    }
    expect(lines).toBeGreaterThan(20);
    expect(lines).toBeLessThan(45);
    // Early on, often enough to see that it moves.
    expect(heartbeatGapMs(60_000, 20_000)).toBe(20_000);
});
