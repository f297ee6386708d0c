/** The DescribeImportImageOs matrix (CVM API docs); ImportImage is validated against it. */
export const IMPORT_OS_LIST = {
    Linux: ["CentOS", "Ubuntu", "Debian", "OpenSUSE", "SUSE", "CoreOS", "FreeBSD", "Redhat", "Other Linux"],
    Windows: ["Windows Server 2008", "Windows Server 2012", "Windows Server 2016"],
};

export const IMPORT_OS_VERSIONS: { OsName: string; OsVersions: string[]; Architecture: string[] }[] = [
    { OsName: "CentOS", OsVersions: ["5", "6", "7", "8"], Architecture: ["x86_64", "i386"] },
    { OsName: "Ubuntu", OsVersions: ["12.04", "14.04", "16.04", "18.04", "20.04", "22.04"], Architecture: ["x86_64", "i386", "arm_64"] },
    { OsName: "Debian", OsVersions: ["6", "7", "8", "9", "10", "11"], Architecture: ["x86_64", "i386"] },
    { OsName: "OpenSUSE", OsVersions: ["11", "12"], Architecture: ["x86_64", "i386"] },
    { OsName: "SUSE", OsVersions: ["11", "12"], Architecture: ["x86_64", "i386"] },
    { OsName: "CoreOS", OsVersions: ["7"], Architecture: ["x86_64"] },
    { OsName: "FreeBSD", OsVersions: ["10"], Architecture: ["x86_64", "i386"] },
    { OsName: "Redhat", OsVersions: ["5", "6", "7"], Architecture: ["x86_64", "i386"] },
    { OsName: "Other Linux", OsVersions: ["-"], Architecture: ["x86_64", "i386", "arm_64"] },
    { OsName: "Windows Server 2008", OsVersions: ["9"], Architecture: ["x86_64", "i386"] },
    { OsName: "Windows Server 2012", OsVersions: ["-"], Architecture: ["x86_64"] },
    { OsName: "Windows Server 2016", OsVersions: ["-"], Architecture: ["x86_64"] },
];

/** Regions where CVM is offered; an unknown X-TC-Region is InvalidRegion.NotFound. */
export const CVM_REGIONS = [
    "ap-guangzhou", "ap-shanghai", "ap-nanjing", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-hongkong",
    "ap-singapore", "ap-jakarta", "ap-seoul", "ap-tokyo", "ap-mumbai", "ap-bangkok", "na-siliconvalley",
    "na-ashburn", "sa-saopaulo", "eu-frankfurt", "ap-shanghai-fsi", "ap-shenzhen-fsi", "ap-beijing-fsi",
];
