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

test("JD's snapshot quota holds a seed too: each seeded image has its snapshot", async () => {
    await expect(startEmulator({ seedImages: 300, imageQuota: 1000, jdcloudSnapshotQuota: 200 })).rejects.toThrow(/seedImages \(300\) must stay below JD's snapshot quota \(200\): raise jdcloudSnapshotQuota too/);
});

test("a seeded account still refuses what the cloud refuses: the next import past the quota, a name in use", async () => {
    const emu = await startEmulator({ seedImages: 5, imageQuota: 6 });
    try {
        const cvm = cvmClient(emu.port);
        const args = { ImageUrl: "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/c.qcow2", OsType: "CentOS", OsVersion: "7", Architecture: "x86_64" };
        await expect(cvm.ImportImage({ ...args, ImageName: "seeded-3" })).rejects.toMatchObject({ code: "InvalidImageName.Duplicate" });
        await cvm.ImportImage({ ...args, ImageName: "sixth" });
        await expect(cvm.ImportImage({ ...args, ImageName: "seventh" })).rejects.toMatchObject({ code: "ImageQuotaLimitExceeded" });
    } finally {
        await emu.close();
    }
});
