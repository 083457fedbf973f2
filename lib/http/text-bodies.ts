/**
 * A response's body as base64 text, for an adapter that must send bodies as text (the Lambda
 * adapter, for a compressed body): known where the bytes are kept (a cached representation), so
 * each cached feed is encoded once per instance instead of once per request. A response not listed
 * here, or one a middleware replaced, is read and encoded as before.
 */
export const base64Bodies = new WeakMap<Response, () => string>()
