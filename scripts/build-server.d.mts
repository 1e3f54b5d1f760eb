/** Types for scripts/build-server.mjs (imported by the bench). */
export declare const SERVER_BUNDLE: string;
export declare const SERVER_NODE_FLAGS: string[];
export declare function buildServer(): Promise<string>;
