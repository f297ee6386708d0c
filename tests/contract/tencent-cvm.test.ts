import type { Emulator } from "../../emulator";
import { TencentCvmImportedImage } from "../../provider";
import { cvmClient } from "../emulator/tencent-helpers";
import { makeSecret } from "../../drivers/wire";
import { describeCloudContract } from "./suite";

const COS = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com";
const bucket = (emu: Emulator) => (emu.store.snapshot()["tencent-cvm"] ?? {}) as { images?: object; snapshots?: object };

describeCloudContract({
    cloud: "tencent-cvm",
    type: "pulumi-nodejs:dynamic/image-import:TencentCvmImportedImage",
    construct: (name) => new TencentCvmImportedImage(name, { region: "ap-guangzhou", imageName: name, imageUrl: `${COS}/x.qcow2`, osType: "CentOS", osVersion: "7", architecture: "x86_64" }),
    inputs: (name) => ({ region: "ap-guangzhou", imageName: name, imageUrl: `${COS}/${name}.qcow2`, osType: "CentOS", osVersion: "7", architecture: "x86_64" }),
    failing: (i) => ({ ...i, imageUrl: `${COS}/fail-${i.imageName}.qcow2` }),
    slow: (i) => ({ ...i, imageUrl: `${COS}/slow-${i.imageName}.qcow2` }),
    config: (emu, o = {}) => ({
        "imageImport:endpoint": emu.url,
        "tencentcloud:secretId": emu.env.TENCENTCLOUD_SECRET_ID,
        "tencentcloud:secretKey": makeSecret(o.wrongSecret ? "not-the-secret-key-0000000000000" : emu.env.TENCENTCLOUD_SECRET_KEY),
    }),
    images: (emu) => Object.values(bucket(emu).images ?? {}) as { id: string; name: string }[],
    leftovers: (emu) => Object.keys(bucket(emu).snapshots ?? {}),
    actions: { importImage: "ImportImage", describe: "DescribeImages", deleteImage: "DeleteImages" },
    // The emulator's DescribeImportImageOs table has no CentOS 42.
    refusedByTables: (i) => ({ inputs: { ...i, osVersion: "42" }, field: "osVersion" }),
    throttleCode: "RequestLimitExceeded",
    busyCode: "FailedOperation.ImageInUse",
    importOutside: async (emu, name) =>
        (await cvmClient(emu.port).ImportImage({ ImageName: name, ImageUrl: `${COS}/${name}.qcow2`, OsType: "CentOS", OsVersion: "7", Architecture: "x86_64" })).ImageId!,
    renameOutside: async (emu, id, name) => void (await cvmClient(emu.port).ModifyImageAttribute({ ImageId: id, ImageName: name })),
    deleteOutside: async (emu, id) => void (await cvmClient(emu.port).DeleteImages({ ImageIds: [id], DeleteBindedSnap: true })),
    readyState: "NORMAL",
});
