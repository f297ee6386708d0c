import * as pulumi from "@pulumi/pulumi";
import { AlicloudEnsImportedImage, JdcloudVmImportedImage, TencentCvmImportedImage, TencentEcmImportedImage } from "pulumi-image-import";

// Every setting has a default, so this runs against the local emulator with nothing but the
// variables `npm run emulator -- --write-env FILE` writes; stack config overrides each of them.
// The region comes from `tencentcloud:region` or TENCENTCLOUD_REGION, as for any resource.
const config = new pulumi.Config();
const tencent = new pulumi.Config("tencentcloud");
const endpoint = new pulumi.Config("imageImport").get("endpoint") ?? process.env.IMAGE_IMPORT_ENDPOINT;
const hasCredentials = Boolean(tencent.get("secretId") ?? process.env.TENCENTCLOUD_SECRET_ID);

if (!hasCredentials && !endpoint) {
    throw new pulumi.RunError(
        [
            "This program needs a cloud to import into. Either:",
            "  - the local emulator (no account needed):",
            "      npm run emulator -- --port 0 --write-env .emulator.env   (in another terminal)",
            "      source .emulator.env",
            "  - or a real Tencent Cloud account:",
            "      pulumi config set tencentcloud:secretId <SecretId>",
            "      pulumi config set --secret tencentcloud:secretKey <SecretKey>",
            "      pulumi config set tencentcloud:region <region, e.g. ap-guangzhou>",
            "      pulumi config set imageUrl <COS URL of your disk image>",
        ].join("\n"),
    );
}

const image = new TencentCvmImportedImage("base-image", {
    imageName: config.get("imageName") ?? "quickstart-centos-7",
    imageUrl: config.get("imageUrl") ?? "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/centos-7-x86_64.qcow2",
    osType: config.get("osType") ?? "CentOS",
    osVersion: config.get("osVersion") ?? "7",
    architecture: "x86_64",
    imageDescription: config.get("imageDescription") ?? "Imported by the pulumi-image-import quickstart",
    timeouts: { create: config.get("createTimeout") ?? "2h" },
});

// The same image for ECM's edge zones: ECM copies a ready CVM image, and follows it when it is replaced.
const edge = new TencentEcmImportedImage("base-image-edge", {
    sourceImageId: image.imageId,
    sourceRegion: image.region,
    imageDescription: "The quickstart image, for edge zones",
});

/** Whether keys for a cloud are in stack config or the environment: the quickstart imports into each cloud it has keys for. */
const hasKeys = (namespace: string, key: string, ...variables: string[]) => Boolean(new pulumi.Config(namespace).get(key) ?? variables.map((v) => process.env[v]).find(Boolean));

// The same disk image in JD Cloud VM, where there are JD Cloud keys (the emulator's env file has them).
const jd = hasKeys("jdcloud", "accessKey", "JDCLOUD_ACCESS_KEY")
    ? new JdcloudVmImportedImage("jd-image", {
          imageName: "quickstart-centos-7",
          imageUrl: config.get("jdImageUrl") ?? `https://images.s3-internal.${new pulumi.Config("jdcloud").get("region") ?? process.env.JDCLOUD_REGION ?? "cn-north-1"}.jdcloud-oss.com/centos-7-x86_64.qcow2`,
          architecture: "x86_64",
          osType: "linux",
          platform: "CentOS",
          osVersion: "7.9",
          diskFormat: "qcow2",
          systemDiskSizeGB: 40,
      })
    : undefined;

// And in Alibaba Cloud ENS, where there are Alibaba Cloud keys.
const ens = hasKeys("alicloud", "accessKey", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY")
    ? new AlicloudEnsImportedImage("ens-image", {
          imageName: "quickstart-centos-7",
          platform: "centos",
          osVersion: "7.6",
          ossObject: { bucket: config.get("ensBucket") ?? "images", object: config.get("ensObject") ?? "centos-7-x86_64.qcow2" },
      })
    : undefined;

export const imageId = image.imageId;
export const imageState = image.imageState;
export const imageName = image.imageName;
export const imageSize = image.imageSize;
export const edgeImageId = edge.imageId;
export const edgeImageState = edge.imageState;
export const jdImageId = jd?.imageId;
export const ensImageId = ens?.imageId;
