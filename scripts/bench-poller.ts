/**
 * `npm run bench`: what the shared poller and rate limiter cost for a stack of many images. Creates N
 * CVM images at once against the emulator (rate limits on, as documented) and prints the calls made,
 * against what one describe per image per tick would have cost. Figures only: nothing is asserted.
 */
import { startEmulator } from "../emulator";
import { configure, pollerStats, provider, setLogger } from "../provider/runtime";

async function main(): Promise<void> {
    const n = Number(process.argv[2] ?? 100);
    const importMs = 3000;
    const pollMs = 200;
    const emu = await startEmulator({ importDelayMs: importMs });
    const config: Record<string, string> = {
        "imageImport:endpoint": emu.url,
        "imageImport:pollInterval": `${pollMs}ms`,
        "imageImport:maxPollInterval": "1s",
        "tencentcloud:secretId": emu.env.TENCENTCLOUD_SECRET_ID,
        "tencentcloud:secretKey": emu.env.TENCENTCLOUD_SECRET_KEY,
    };
    configure({ config: { get: (k: string) => config[k] } });
    setLogger(() => undefined);
    const cvm = provider("tencent-cvm");
    const started = Date.now();
    await Promise.all(
        Array.from({ length: n }, (_, i) =>
            cvm.create({
                region: "ap-guangzhou",
                imageName: `bench-${i}`,
                imageUrl: "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/centos-7.qcow2",
                osType: "CentOS",
                osVersion: "7",
                architecture: "x86_64",
            }),
        ),
    );
    const seconds = (Date.now() - started) / 1000;
    const log = emu.log.query();
    const count = (action: string) => log.filter((l) => l.action === action).length;
    const waits = log.filter((l) => l.action === "DescribeImages" && Array.isArray(l.params?.ImageIds));
    const biggest = Math.max(...waits.map((l) => (l.params!.ImageIds as string[]).length));
    const naive = Math.ceil(n * (seconds / (pollMs / 1000)));
    console.log(`images created             ${n} in ${seconds.toFixed(1)} s (each import takes ${importMs / 1000} s; ImportImage is limited to 10/s)`);
    console.log(`ImportImage calls          ${count("ImportImage")}`);
    console.log(`DescribeImages (waits)     ${waits.length} calls, up to ${biggest} ids each (describe calls counted by the poller: ${pollerStats().describeCalls})`);
    console.log(`DescribeImages (name look-ups before import) ${count("DescribeImages") - waits.length}`);
    console.log(`one describe per image per ${pollMs} ms tick would be about ${naive} calls`);
    console.log(`throttled by the emulator  ${log.filter((l) => l.errorCode === "RequestLimitExceeded").length}`);
    await emu.close();
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
