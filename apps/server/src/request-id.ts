import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echoes a well-formed incoming X-Request-Id, otherwise makes one; set on every response. */
export function requestId(req: Request, res: Response, next: NextFunction) {
  const incoming = req.headers["x-request-id"];
  const id = typeof incoming === "string" && WELL_FORMED.test(incoming) ? incoming : randomUUID();
  res.locals["requestId"] = id;
  res.setHeader("X-Request-Id", id);
  next();
}
