import type { ErrorCode, ErrorDetails } from "@sip-transfer/api-types";
import type { AuthContext } from "./auth.js";

// What the middleware puts in `res.locals`, typed for every route.
declare module "express-serve-static-core" {
  interface Locals {
    /** This request's X-Request-Id. */
    requestId: string;
    /** The authenticated tenant; absent for an anonymous caller. */
    auth?: AuthContext;
    /** The spec's path template the request is for (`/sip/transfers/{transfer_id}`), once checked. */
    route?: string;
    /** The error this request was answered with (its body's `code` and `details`), if any. */
    problem?: { code: ErrorCode; details?: ErrorDetails | undefined };
  }
}

export {};
