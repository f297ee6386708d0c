/** Tencent Cloud region names, such as ap-guangzhou or na-siliconvalley (both CVM and ECM take them). */
export const TENCENT_REGION = { re: /^[a-z]{2}-[a-z]+(-[a-z0-9]+)*$/, rule: "must be a Tencent Cloud region such as ap-guangzhou" };
