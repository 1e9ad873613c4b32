export * from "./canonical-json.js";
export * from "./invalid-request.js";
export * from "./path-template.js";
export * from "./spec-schemas.js";
export * from "./request-contract.js";
export * from "./request-body.js";
