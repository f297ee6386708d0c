/** --seed-images: every cloud starts with an account's worth of unrelated images, ready, that its listings show. */
import { startEmulator } from "../../emulator";
import { ensClient } from "./alicloud-helpers";
import { jdVmClient } from "./jdcloud-helpers";
import { cvmClient, ecmClient } from "./tencent-helpers";

test("each cloud lists the seeded images, ready, in its first account", async () => {
    const emu = await startEmulator({ seedImages: 120, imageQuota: 200, jdcloudSnapshotQuota: 200 });
    try {
        const cvm = await cvmClient(emu.port).DescribeImages({ Filters: [{ Name: "image-type", Values: ["PRIVATE_IMAGE"] }], Limit: 100 });
        expect(cvm.TotalCount).toBe(120);
        expect(new Set(cvm.ImageSet!.map((i) => i.ImageState))).toEqual(new Set(["NORMAL"]));
        const ecm = await ecmClient(emu.port).request("DescribeImage", { Filters: [{ Name: "image-type", Values: ["PRIVATE_IMAGE"] }], Limit: 100 });
        expect(ecm.TotalCount).toBe(120);
        const jd = await jdVmClient(emu.port).describeImages({ imageSource: "private", pageSize: 100 });
        expect(jd.result.totalCount).toBe(120);
        expect(new Set(jd.result.images.map((i: { status: string }) => i.status))).toEqual(new Set(["ready"]));
        const ens = await ensClient(emu).request("DescribeSelfImages", { PageSize: 50 }, { method: "POST" });
        expect(Number(ens.TotalCount)).toBe(120);
        expect(new Set(ens.Images.Image.map((i: { Status: string }) => i.Status))).toEqual(new Set(["Available"]));
    } finally {
        await emu.close();
    }
});

test("more seeded images than the quota allows is refused at start, saying which option to raise", async () => {
    await expect(startEmulator({ seedImages: 600 })).rejects.toThrow(/seedImages \(600\) must stay below the image quota \(500\)/);
});
