#!/usr/bin/env python3
"""png_check.py FILE [--min-colours N] [--min-width W --min-height H]

Fails unless FILE is a PNG whose pixels are not blank: at least N distinct colours (default
8) and at least 2% of pixels differing from the most common (background) colour. Standard
library only (zlib), so CI needs no imaging package."""
import argparse, struct, sys, zlib
from collections import Counter


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"FAIL: {path} is not a PNG")
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    if depth != 8 or colour_type not in (2, 6) or interlace:
        sys.exit(f"FAIL: unsupported PNG layout (depth {depth}, colour type {colour_type})")
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, previous, pos = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, up_left = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1: line[i] = (line[i] + left) & 255
            elif kind == 2: line[i] = (line[i] + up) & 255
            elif kind == 3: line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--min-colours", type=int, default=8)
    parser.add_argument("--min-width", type=int, default=1)
    parser.add_argument("--min-height", type=int, default=1)
    args = parser.parse_args()
    width, height, channels, rows = read_png(args.file)
    colours = Counter()
    for row in rows[::2]:
        for x in range(0, width, 2):
            colours[row[x * channels:x * channels + 3]] += 1
    total = sum(colours.values())
    background = colours.most_common(1)[0][1]
    drawn = 1 - background / total
    print(f"{args.file}: {width}x{height}, {len(colours)} colours, {100 * drawn:.1f}% drawn")
    if width < args.min_width or height < args.min_height:
        sys.exit(f"FAIL: smaller than {args.min_width}x{args.min_height}")
    if len(colours) < args.min_colours or drawn < 0.02:
        sys.exit("FAIL: the image is blank")


main()
