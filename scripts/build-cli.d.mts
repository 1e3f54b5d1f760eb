/** Types for scripts/build-cli.mjs (imported by the CLI tests). */
export declare const CLI_BUNDLE: string;
export declare const CLI_SOURCES: string[];
export declare function buildCli(): Promise<string>;
