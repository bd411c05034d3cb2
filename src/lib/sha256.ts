import * as crypto from "node:crypto";

/**
 * SHA-256 of some bytes in base64url, two ways to the same digest: the one-shot `crypto.hash`
 * (Node ≥ 20.12) is the faster, since it needs no Hash object per call.
 */
export const SHA256_WAYS = {
  oneShot: (bytes: Uint8Array): string => crypto.hash("sha256", bytes, "base64url"),
  withHashObject: (bytes: Uint8Array): string =>
    crypto.createHash("sha256").update(bytes).digest("base64url"),
};

/** SHA-256 of `bytes` in base64url, the faster way this Node has. */
export const sha256Base64url: (bytes: Uint8Array) => string =
  typeof crypto.hash === "function" ? SHA256_WAYS.oneShot : SHA256_WAYS.withHashObject;
