#!/usr/bin/python3
"""Build the TrueType-outline subsets that fonts/packgen turns into the embedded font packs.

Recipe (reproducible; run from the repository root on Debian 12):

    apt-get install -y fonts-noto-cjk fonts-lxgw-wenkai python3-fonttools
        # tested with 1:20220127+repack1-1, 1.250+repack-1, 4.38.0-1+deb12u1
    /usr/bin/python3 fonts/build/build.py /tmp/shenbao-fonts
    go run ./fonts/internal/packgen -in /tmp/shenbao-fonts -out fonts/data

Why: gopdf embeds only TrueType (glyf) outlines, while Debian ships Noto CJK as CFF
collections (.ttc). We take the SC face of each collection (mainland punctuation
positions, proportional Latin), keep only the coverage the forms need, convert the
cubic CFF outlines to quadratic glyf outlines with cu2qu (max error 1 font unit) and
drop hinting and layout tables, which a PDF subset never uses.

Noto CJK 2.00x lacks the 31 ideographs Unicode 13 and 14 added to the
coverage (U+9FEB–9FFF, U+4DB6–4DBF). They come from LXGW WenKai (OFL, TrueType
already), subset to exactly the characters no Noto face has. Its licence
reserves the names "LXGW" and "霞鹜", so the subset is renamed.
"""
import os
import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

NOTO = "/usr/share/fonts/opentype/noto"
# (output name, collection, family name of the face to take)
FACES = [
    ("serif", "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    ("sans", "NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    ("sansbold", "NotoSansCJK-Bold.ttc", "Noto Sans CJK SC Bold"),
]

WENKAI = "/usr/share/fonts/truetype/lxgw-wenkai"
# (output name, file, PostScript style)
FALLBACKS = [
    ("fallback", "LXGWWenKai-Regular.ttf", "Regular"),
    ("fallbackbold", "LXGWWenKai-Bold.ttf", "Bold"),
]
FALLBACK_FAMILY = "Shenbao Fallback Kai"

# Coverage: what Chinese application forms print. Ranges are inclusive.
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x017F),  # Latin-1 supplement, Latin Extended-A (·×÷°±ā ē)
    (0x01CD, 0x01DC),  # pinyin ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
    (0x02C6, 0x02DD),  # ˇ ˉ ˊ ˋ ˙
    (0x0391, 0x03C9),  # Greek letters used in technical text
    (0x0401, 0x0451),  # Cyrillic (present in GB 2312)
    (0x2010, 0x203B),  # dashes, quotes, … ‰ ′ ″ ※
    (0x2103, 0x2122),  # ℃ № ™
    (0x2160, 0x217F),  # Roman numerals Ⅰ–Ⅻ
    (0x2190, 0x2199),  # arrows
    (0x2200, 0x22FF),  # mathematical operators ≤ ≥ ≠ ∑ √ ∞
    (0x2460, 0x24FF),  # enclosed alphanumerics ①
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes □ ■ ○ ● △ ◆
    (0x2605, 0x2606),  # ★ ☆
    (0x2610, 0x2612),  # ☐ ☑ ☒
    (0x2713, 0x2714),  # ✓ ✔
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x30FB, 0x30FB),  # ・ (used in transliterated names)
    (0x3200, 0x32FF),  # enclosed CJK ㈠ ㊣
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFFEF),  # full-width and half-width forms
]


def codepoints():
    cps = set()
    for lo, hi in RANGES:
        cps.update(range(lo, hi + 1))
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "tonggui-8105.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                cps.add(ord(line))
    return cps


def find_face(path, family):
    for i in range(16):
        font = TTFont(path, fontNumber=i, recalcTimestamp=False, recalcBBoxes=True)
        if font["name"].getDebugName(4) == family:
            return font
    raise SystemExit(f"{path}: no face named {family!r}")


def to_truetype(font):
    """Replace CFF outlines with quadratic glyf outlines (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyphs = {}
    for name in order:
        tt = TTGlyphPen(gs)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        gs[name].draw(Cu2QuPen(tt, 1.0, reverse_direction=True))
        glyphs[name] = tt.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    for tag in ("VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "BASE"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, g in glyphs.items():
        adv, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (adv, getattr(g, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones",):
        setattr(maxp, attr, 1)
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = 3.0
    font.sfntVersion = "\000\001\000\000"


def build(out, name, ttc, family, cps):
    font = find_face(os.path.join(NOTO, ttc), family)
    sub = subset.Subsetter(subset_options())
    sub.populate(unicodes=cps)
    sub.subset(font)
    to_truetype(font)
    path = os.path.join(out, name + ".ttf")
    font.save(path)
    print(path, len(font.getGlyphOrder()), "glyphs", os.path.getsize(path), "bytes")


def subset_options():
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.glyph_names = False
    opts.recalc_timestamp = False
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG", "gasp"]
    return opts


def missing_from_noto(cps):
    """Code points of the coverage that some Noto face lacks."""
    missing = set()
    for _, ttc, family in FACES:
        cmap = find_face(os.path.join(NOTO, ttc), family).getBestCmap()
        missing |= {c for c in cps if c not in cmap}
    return missing


def build_fallback(out, name, path, style, cps):
    font = TTFont(path, recalcTimestamp=False, recalcBBoxes=True)
    sub = subset.Subsetter(subset_options())
    sub.populate(unicodes=cps)
    sub.subset(font)
    glyf = font["glyf"]
    gs = font.getGlyphSet()
    for gname in font.getGlyphOrder():  # decompose: packs hold simple glyphs only
        if glyf[gname].isComposite():
            rec = DecomposingRecordingPen(gs)
            gs[gname].draw(rec)
            tt = TTGlyphPen(None)
            rec.replay(tt)
            glyf[gname] = tt.glyph()
    names = font["name"]
    copyright_ = names.getDebugName(0)
    lic, url = names.getDebugName(13), names.getDebugName(14)
    names.names = []
    ps = FALLBACK_FAMILY.replace(" ", "") + "-" + style
    for nid, val in [(0, copyright_), (1, FALLBACK_FAMILY), (2, style), (3, ps), (4, FALLBACK_FAMILY + " " + style),
                     (5, "Version 1.250; subset of LXGW WenKai by shenbao"), (6, ps), (13, lic), (14, url)]:
        if val:
            names.setName(val, nid, 3, 1, 0x409)
    font["post"].formatType = 3.0
    dst = os.path.join(out, name + ".ttf")
    font.save(dst)
    print(dst, len(font.getGlyphOrder()), "glyphs for", len(cps), "characters")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/shenbao-fonts"
    only = sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    cps = codepoints()
    for name, ttc, family in FACES:
        if not only or name in only:
            build(out, name, ttc, family, cps)
    if not only or any(n.startswith("fallback") for n in only):
        missing = missing_from_noto(cps)
        for name, ttf, style in FALLBACKS:
            if not only or name in only:
                build_fallback(out, name, os.path.join(WENKAI, ttf), style, missing)


if __name__ == "__main__":
    main()
