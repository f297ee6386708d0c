import * as pulumi from "@pulumi/pulumi";
import { AlicloudEnsImportedImage } from "pulumi-image-import";

const config = new pulumi.Config();

const ubuntu = new AlicloudEnsImportedImage("ubuntu-2204", {
    // ENS reads image files from cn-beijing's OSS today.
    region: new pulumi.Config("alicloud").get("region") ?? "cn-beijing",
    imageName: config.get("imageName") ?? "ubuntu-22-04-edge",
    platform: "ubuntu",
    osVersion: config.get("osVersion") ?? "22.04",
    ossObject: { bucket: config.get("bucket") ?? "images", object: config.get("imageObject") ?? "ubuntu-22.04-server.qcow2" },
    timeouts: { create: config.get("createTimeout") ?? "4h" },
});

export const imageId = ubuntu.imageId;
export const imageState = ubuntu.imageState;
export const regionId = ubuntu.regionId;
