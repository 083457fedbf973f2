/**
 * The icon the site serves at `/favicon.ico` when `SITE_ICON` names none: a 32×32 PNG (a navy
 * square with three white lines, a feed) inside an ICO container, 151 bytes, generated once and
 * kept here so the Lambda bundle carries it.
 */
export const faviconIco: Uint8Array<ArrayBuffer> = new Uint8Array(
  Buffer.from(
    'AAABAAEAICAAAAEAIACBAAAAFgAAAIlQTkcNChoKAAAADUlIRFIAAAAgAAAAIAgGAAAAc3p69AAAAEhJREFUeNpjkLeKZ0DC/+mE4XYyjDqAjpZixaMOGLwOoDYYdcDQc8BoLhjNhqMOGM2Gow6gZjyPOmBoOmA0F4woB4z2DQfUAQBubpnBCjZaKAAAAABJRU5ErkJggg==',
    'base64',
  ),
)
