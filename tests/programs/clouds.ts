import * as path from "path";
import { cvmClient, ecmClient } from "../emulator/tencent-helpers";
import { ROOT } from "../support/programs";
import type { ProgramUnderTest } from "./scenarios";

const COS = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com";

/** A program whose lifecycle is about a TencentCvmImportedImage configured by `imageName`, `imageUrl`, `osVersion`... */
export function cvmProgram(dir: string, resource: string, o: { otherOsVersion: string; others?: string[] }): ProgramUnderTest {
    // An ECM image imported from this one is replaced with it whenever its id changes.
    const others = o.others?.length ? "replace" : undefined;
    return {
        dir,
        resource,
        type: "TencentCvmImportedImage",
        others: o.others,
        cloud: "tencent-cvm",
        actions: { importImage: "ImportImage", deleteImage: "DeleteImages" },
        stateOutput: "imageState",
        states: { ready: "NORMAL", pending: "IMPORTING", failed: "IMPORTFAILED" },
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
        states: { ready: "NORMAL", pending: "IMPORTING", failed: "IMPORTFAILED" },
        inPlace: { config: { imageDescription: "second edition" }, image: { description: "second edition" } },
        replaces: [
            // ECM imports each CVM image once: keeping the source, the old ECM image goes first.
            { field: "imageName", config: { imageName: "edge-renamed" }, order: "delete first", others: "same" },
            // A new disk image replaces the CVM image, and the ECM image follows its new id (the name is kept: delete first).
            { field: "sourceImageId", config: { imageUrl: `${COS}/another-build.qcow2` }, order: "delete first", others: "replace" },
        ],
        // The emulator's markers travel in the description of an ECM import; the new name makes it a new import.
        slow: { imageName: "edge-slow", imageDescription: "slow edge copy" },
        failing: { config: { imageName: "edge-broken", imageDescription: "fail on purpose" }, reason: /failed to import: the import task \d+ failed/ },
        nameOutput: "imageName",
        renameOutside: async (emu, id, name) => void (await ecmClient(emu.port).request("ModifyImageAttribute", { ImageId: id, ImageName: name })),
        deleteOutside: async (emu, id) => void (await ecmClient(emu.port).request("DeleteImage", { ImageIDSet: [id] })),
    };
}
