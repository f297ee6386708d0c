import * as pulumi from "@pulumi/pulumi";
import { TencentCvmImportedImage, TencentEcmImportedImage } from "pulumi-image-import";

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

export const imageId = image.imageId;
export const imageState = image.imageState;
export const imageName = image.imageName;
export const imageSize = image.imageSize;
export const edgeImageId = edge.imageId;
export const edgeImageState = edge.imageState;
