// Types for scripts/bench-reference.cjs.

export interface PackageJson {
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

export declare const TS_JEST: string;
export declare const TS_NODE: string;
export declare function referenceVersions(pkg: PackageJson): PackageJson;
export declare function referenceDir(versions: PackageJson, base?: string): string;
export declare function referenceFiles(versions: PackageJson, templates: string): Record<string, string>;
