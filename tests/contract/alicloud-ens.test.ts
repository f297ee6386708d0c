import { AlicloudEnsImportedImage } from "../../provider";
import { deleteOutside, ensImages, ENS_REGION, importOutside, renameOutside } from "../emulator/alicloud-helpers";
import { makeSecret, type PropertyMap } from "../../drivers/wire";
import { describeCloudContract } from "./suite";

const OS = { platform: "centos", osVersion: "7.6" } as const;
const inputs = (name: string) => ({ region: ENS_REGION, imageName: name, ...OS, ossObject: { bucket: "images", object: `${name}.qcow2` } });
/** The emulator's markers travel in the OSS object key. */
const withObject = (i: PropertyMap, object: string) => ({ ...i, ossObject: { bucket: "images", object } });

describeCloudContract({
    cloud: "alicloud-ens",
    type: "pulumi-nodejs:dynamic/image-import:AlicloudEnsImportedImage",
    construct: (name) => new AlicloudEnsImportedImage(name, inputs(name)),
    inputs,
    failing: (i) => withObject(i, `fail-${i.imageName}.qcow2`),
    slow: (i) => withObject(i, `slow-${i.imageName}.qcow2`),
    config: (emu, o = {}) => ({
        "imageImport:endpoint": emu.url,
        "alicloud:accessKey": emu.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
        "alicloud:secretKey": makeSecret(o.wrongSecret ? "not_the_access_key_secret" : emu.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET),
    }),
    // The name each image has: ENS listings show a rename a moment later.
    images: (emu) => ensImages(emu).map((i) => ({ ...i, name: i.pendingName?.name ?? i.name })),
    // An ENS import makes nothing besides the image.
    leftovers: () => [],
    actions: { importImage: "ImportImage", describe: "DescribeSelfImages", deleteImage: "DeleteImage" },
    // ENS has no table to look up (no OS list): the one region it imports from is the rule check holds against the cloud's refusal.
    refusedByTables: (i) => ({ inputs: { ...i, ossObject: { ...(i.ossObject as PropertyMap), region: "cn-hangzhou" } }, field: "ossObject.region" }),
    // Injected with the emulator's default HTTP 500: the code decides, as it must where Alibaba answers everything with 400.
    throttleCode: "Throttling.User",
    busyCode: "IncorrectStatus.Image",
    importOutside: (emu, name) => importOutside(emu, { ImageName: name, OSSObject: `${name}.qcow2`, Platform: OS.platform, OSVersion: OS.osVersion }),
    renameOutside,
    deleteOutside,
    readyState: "Available",
});
