import { imageSize } from "image-size";

/** What an image's header says: its format, size and colour model. */
export interface ImageFacts {
  /** `png`, `jpg`, `gif`, `webp` … as image-size names it; undefined when not an image. */
  readonly type?: string;
  readonly width?: number;
  readonly height?: number;
  /** `rgb`, `grey` or `cmyk`; undefined when the format is not one read here. */
  readonly colour?: "rgb" | "grey" | "cmyk";
}

/** Read an image's facts from its bytes (its header, never its extension). */
export function readImageFacts(bytes: Uint8Array): ImageFacts {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    return {};
  }
  const colour =
    size.type === "png" ? pngColour(bytes) : size.type === "jpg" ? jpegColour(bytes) : undefined;
  return {
    ...(size.type === undefined ? {} : { type: size.type }),
    width: size.width,
    height: size.height,
    ...(colour === undefined ? {} : { colour }),
  };
}

/** PNG §11.2.2: IHDR's colour type, at byte 25; 0 and 4 are greyscale, the rest RGB. */
function pngColour(bytes: Uint8Array): "rgb" | "grey" | undefined {
  const type = bytes[25];
  if (type === undefined) return undefined;
  return type === 0 || type === 4 ? "grey" : "rgb";
}

/** JPEG: the component count of the first start-of-frame segment (1 grey, 3 YCbCr, 4 CMYK). */
function jpegColour(bytes: Uint8Array): "rgb" | "grey" | "cmyk" | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    const length = ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      const components = bytes[at + 9];
      return components === 1 ? "grey" : components === 4 ? "cmyk" : "rgb";
    }
    at += 2 + length;
  }
  return undefined;
}
