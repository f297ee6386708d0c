import * as pulumi from "@pulumi/pulumi";
import { JdcloudVmImportedImage } from "pulumi-image-import";

const config = new pulumi.Config();
const region = new pulumi.Config("jdcloud").get("region") ?? "cn-north-1";

const centos = new JdcloudVmImportedImage("centos-7", {
    region,
    imageName: config.get("imageName") ?? "centos-7-golden",
    // The OSS object's internal download address, in the image's region; a presigned URL is kept secret.
    imageUrl: config.getSecret("imageUrl") ?? pulumi.output(`https://images.s3-internal.${region}.jdcloud-oss.com/centos-7.9.qcow2`),
    architecture: "x86_64",
    osType: "linux",
    platform: "CentOS",
    osVersion: config.get("osVersion") ?? "7.9",
    diskFormat: "qcow2",
    systemDiskSizeGB: 40,
    description: config.get("description") ?? "Golden CentOS 7.9 image",
    timeouts: { create: config.get("createTimeout") ?? "4h" },
});

export const imageId = centos.imageId;
export const imageState = centos.imageState;
export const snapshotId = centos.snapshotId;
