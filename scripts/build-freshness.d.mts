// Types of build-freshness.mjs (plain JavaScript, so bin/voxsync.js can import it without a loader).
export declare const STAMP_FILE: string;
export declare function newestSourceMtime(dir: string): number;
export declare function staleReason(root: string): string | undefined;
