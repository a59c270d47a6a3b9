"""Pure image functions (no I/O): sniffing uploads and making JPEG variants. Run them in a thread.

Only PNG, JPEG, WebP and GIF pass; the type comes from the content (Pillow's
decoders), never from a file name or a declared media type, so SVG, HTML or
anything else is refused. Images with more than MAX_PIXELS pixels are refused
before they are decoded (decompression bombs), and the whole image is decoded
once so truncated or corrupt files are refused too.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg"), "WEBP": ("webp", "image/webp"),
                   "GIF": ("gif", "image/gif")}
MAX_PIXELS = 40_000_000  # e.g. 8000 x 5000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow warns above this and refuses above twice this, everywhere


class BadImage(ValueError):
    """Not an accepted image; the message is for the client."""


@dataclass(frozen=True)
class Sniffed:
    format: str  # PNG | JPEG | WEBP | GIF
    extension: str
    content_type: str
    width: int
    height: int


def sniff(data: bytes, *, max_pixels: int = MAX_PIXELS) -> Sniffed:
    """What the bytes are, if they are an accepted, decodable image of a sane size; BadImage otherwise."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS)) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise BadImage(f"The image is {width}x{height} pixels; at most {max_pixels:,} pixels are accepted.")
                fmt = image.format
                image.load()  # decode everything once: truncated or corrupt data fails here
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise BadImage(f"The image has more than {max_pixels:,} pixels.") from None
        except UnidentifiedImageError:
            raise BadImage("The file is not a PNG, JPEG, WebP or GIF image.") from None
        except (OSError, SyntaxError, ValueError) as exc:
            if isinstance(exc, BadImage):
                raise
            raise BadImage(f"The image is damaged or incomplete ({exc}).") from None
    extension, content_type = ALLOWED_FORMATS[fmt]
    return Sniffed(fmt, extension, content_type, width, height)


@dataclass(frozen=True)
class Variant:
    name: str
    width: int | None  # None: keep the original size
    height: int | None
    keep_aspect: bool = True
    quality: int = 80


def _rgb(data: bytes) -> Image.Image:
    """The decoded image, upright (EXIF orientation applied), transparent areas on white, in RGB."""
    sniff(data)
    with Image.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS)) as opened:
        image = ImageOps.exif_transpose(opened)
        if image.mode in ("RGBA", "LA", "P"):
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            return flat
        return image.convert("RGB")


def _encode(image: Image.Image, variant: Variant) -> bytes:
    if variant.width and variant.height:
        box = (max(1, variant.width), max(1, variant.height))
        if variant.keep_aspect:
            image = image.copy()
            image.thumbnail(box, Image.Resampling.LANCZOS)
        else:
            image = ImageOps.fit(image, box, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # no exif= argument: metadata (camera, GPS position) is dropped
    image.save(out, "JPEG", quality=max(1, min(95, variant.quality or 80)), optimize=True)
    return out.getvalue()


def to_jpeg(data: bytes, variant: Variant) -> bytes:
    """An RGB JPEG of the image resized for the variant (fit inside the box, or cropped to fill it)."""
    return _encode(_rgb(data), variant)


def make_variants(data: bytes, variants: list[Variant]) -> dict[str, bytes]:
    """Every variant from one decode of the image."""
    image = _rgb(data)
    return {variant.name: _encode(image, variant) for variant in variants}
