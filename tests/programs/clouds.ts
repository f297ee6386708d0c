import * as path from "path";
import * as alicloud from "../emulator/alicloud-helpers";
import * as jdcloud from "../emulator/jdcloud-helpers";
import { cvmClient, ecmClient } from "../emulator/tencent-helpers";
import { ROOT } from "../support/programs";
import type { ProgramUnderTest } from "./scenarios";

const COS = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com";

/**
 * A program whose lifecycle is about a TencentCvmImportedImage configured by `imageName`, `imageUrl`,
 * `osVersion`...; `others` are its other resources, `dependents` those imported from it (ECM images), which
 * are replaced with it whenever its id changes, while the rest stay the same.
 */
export function cvmProgram(dir: string, resource: string, o: { otherOsVersion: string; others?: string[]; dependents?: string[] }): ProgramUnderTest {
    const others = o.others?.length ? Object.fromEntries(o.others.map((r) => [r, o.dependents?.includes(r) ? "replace" : "same"])) : undefined;
    return {
        dir,
        resource,
        type: "TencentCvmImportedImage",
        others: o.others,
        cloud: "tencent-cvm",
        actions: { importImage: "ImportImage", deleteImage: "DeleteImages" },
        stateOutput: "imageState",
        states: { ready: "NORMAL", pending: /^IMPORTING$/, failed: "IMPORTFAILED" },
        inPlace: { config: { imageDescription: "second edition" }, image: { description: "second edition" } },
        replaces: [
            // Names are unique per region: when the name is kept, the old image must go before the new import.
            { field: "imageName", config: { imageName: "renamed-by-config" }, order: "create first", others },
            { field: "imageUrl", config: { imageUrl: `${COS}/another-build.qcow2` }, order: "delete first", others },
            { field: "osVersion", config: { osVersion: o.otherOsVersion }, order: "delete first", others },
        ],
        slow: { imageUrl: `${COS}/slow-build.qcow2` },
        failing: { config: { imageUrl: `${COS}/fail-corrupt.qcow2` }, reason: /failed to import: the image reached state IMPORTFAILED/ },
        nameOutput: "imageName",
        renameOutside: async (emu, id, name) => void (await cvmClient(emu.port).ModifyImageAttribute({ ImageId: id, ImageName: name })),
        deleteOutside: async (emu, id) => void (await cvmClient(emu.port).DeleteImages({ ImageIds: [id] })),
    };
}

/** examples/tencent-ecm: a CVM image (`imageUrl`) imported into ECM (`imageName`, `imageDescription`, `createTimeout`). */
export function ecmProgram(): ProgramUnderTest {
    return {
        dir: path.join(ROOT, "examples/tencent-ecm"),
        resource: "ubuntu-2204-edge",
        type: "TencentEcmImportedImage",
        others: ["ubuntu-2204"],
        cloud: "tencent-ecm",
        actions: { importImage: "ImportImage", deleteImage: "DeleteImage" },
        stateOutput: "imageState",
        states: { ready: "NORMAL", pending: /^IMPORTING$/, failed: "IMPORTFAILED" },
        inPlace: { config: { imageDescription: "second edition" }, image: { description: "second edition" } },
        replaces: [
            // ECM imports each CVM image once: keeping the source, the old ECM image goes first.
            { field: "imageName", config: { imageName: "edge-renamed" }, order: "delete first", others: { "ubuntu-2204": "same" } },
            // A new disk image replaces the CVM image, and the ECM image follows its new id (the name is kept: delete first).
            { field: "sourceImageId", config: { imageUrl: `${COS}/another-build.qcow2` }, order: "delete first", others: { "ubuntu-2204": "replace" }, cascaded: true },
        ],
        // The emulator's markers travel in the description of an ECM import; the new name makes it a new import.
        // The import's description is the resource's mark: the emulator's markers travel in the CVM image's name.
        slow: { imageName: "edge-slow", sourceImageName: "slow-edge-source" },
        failing: { config: { imageName: "edge-broken", sourceImageName: "fail-edge-source" }, reason: /failed to import: the import task \d+ failed/ },
        nameOutput: "imageName",
        renameOutside: async (emu, id, name) => void (await ecmClient(emu.port).request("ModifyImageAttribute", { ImageId: id, ImageName: name })),
        deleteOutside: async (emu, id) => void (await ecmClient(emu.port).request("DeleteImage", { ImageIDSet: [id] })),
    };
}

/** examples/jdcloud-vm: `imageName`, `imageUrl`, `osVersion`, `description`, `createTimeout`. */
export function jdProgram(): ProgramUnderTest {
    const oss = jdcloud.JD_OSS;
    return {
        dir: path.join(ROOT, "examples/jdcloud-vm"),
        resource: "centos-7",
        type: "JdcloudVmImportedImage",
        cloud: "jdcloud-vm",
        actions: { importImage: "importImage", deleteImage: "deleteImage" },
        stateOutput: "imageState",
        states: { ready: "ready", pending: /^pending$/, failed: "error" },
        inPlace: { config: { description: "second edition" }, image: { description: "second edition" } },
        // JD names are not unique: every replacement imports the new image first.
        replaces: [
            { field: "imageName", config: { imageName: "renamed-by-config" }, order: "create first" },
            { field: "imageUrl", config: { imageUrl: `${oss}/another-build.qcow2` }, order: "create first" },
            { field: "osVersion", config: { osVersion: "7.6" }, order: "create first" },
        ],
        slow: { imageUrl: `${oss}/slow-build.qcow2` },
        failing: { config: { imageUrl: `${oss}/fail-corrupt.qcow2` }, reason: /failed to import: the import task \d+ failed/ },
        nameOutput: "imageName",
        renameOutside: jdcloud.renameOutside,
        deleteOutside: jdcloud.deleteOutside,
    };
}

/** examples/alicloud-ens: `imageName`, `imageObject` (the OSS key), `osVersion`, `createTimeout`. */
export function ensProgram(): ProgramUnderTest {
    return {
        dir: path.join(ROOT, "examples/alicloud-ens"),
        resource: "ubuntu-2204",
        type: "AlicloudEnsImportedImage",
        cloud: "alicloud-ens",
        actions: { importImage: "ImportImage", deleteImage: "DeleteImage" },
        stateOutput: "imageState",
        // An import goes through several states on its way.
        states: { ready: "Available", pending: /^(Creating|Packing|Uploading|Copying)$/, failed: "Upload_failed" },
        // ENS changes nothing but the name in place, and the name replaces.
        replaces: [
            { field: "imageName", config: { imageName: "renamed-by-config" }, order: "create first" },
            { field: "ossObject", config: { imageObject: "another-build.qcow2" }, order: "create first" },
            { field: "osVersion", config: { osVersion: "20.04" }, order: "create first" },
        ],
        slow: { imageObject: "slow-build.qcow2" },
        failing: { config: { imageObject: "fail-corrupt.qcow2" }, reason: /failed to import: ENS could not upload the image file/ },
        nameOutput: "imageName",
        renameOutside: alicloud.renameOutside,
        deleteOutside: alicloud.deleteOutside,
    };
}
