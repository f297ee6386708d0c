/** Tencent Cloud region names, such as ap-guangzhou or na-siliconvalley (both CVM and ECM take them). */
export const TENCENT_REGION = { re: /^[a-z]{2}-[a-z]+(-[a-z0-9]+)*$/, rule: "must be a Tencent Cloud region such as ap-guangzhou" };

/** Image ids of CVM and of ECM alike: img- and 8 lowercase letters or digits (DescribeImages, DescribeImage). */
export const TENCENT_IMAGE_ID = { re: /^img-[0-9a-z]{8}$/, rule: "must be an image id of Tencent Cloud: img- and 8 lowercase letters or digits, such as img-pmqg1cw9" };
