export declare const specUrl: URL;
export declare const typesUrl: URL;
export declare function renderTypes(spec?: URL): Promise<string>;
export declare function checkTypes(): Promise<{ fresh: string; committed: string; upToDate: boolean }>;
