import type { AuthContext } from "./auth.js";

// What the middleware puts in `res.locals`, typed for every route.
declare module "express-serve-static-core" {
  interface Locals {
    /** This request's X-Request-Id. */
    requestId: string;
    /** The authenticated tenant; absent for an anonymous caller. */
    auth?: AuthContext;
  }
}

export {};
